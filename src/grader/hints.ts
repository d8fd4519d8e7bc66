// A check's hints for one learner: the three stages in the learner's language only, and which
// of them to reveal next. The terminal (`--hint`) and the lab's page read the same shape.

import type { Check, HintStages, LabDefinition, Language, LanguageText } from './lab-types.ts';

export const hintKinds = ['concept', 'api', 'code'] as const;
export type HintKind = (typeof hintKinds)[number];

export interface Hint {
  /** 1, 2 or 3: the order in which hints are revealed. */
  stage: number;
  kind: HintKind;
  text: string;
}

export const hintLabels: Record<HintKind, string> = { concept: 'the idea', api: 'what to use', code: 'the code' };

/** The text for the language: the shared text, or the language's own (the schema ensures it exists). */
export function inLanguage(text: LanguageText, language: Language): string {
  return typeof text === 'string' ? text : (text[language] ?? '');
}

/** Every stage of a check's hints, in the learner's language. */
export function hintStages(hints: HintStages, language: Language): Hint[] {
  return hintKinds.map((kind, index) => ({ stage: index + 1, kind, text: kind === 'concept' ? hints.concept : inLanguage(hints[kind], language) }));
}

export interface HintStep {
  check: Check;
  /** The stages revealed so far, the new one last. */
  shown: Hint[];
  total: number;
  /** True when every stage was already shown before this step (nothing new). */
  exhausted: boolean;
}

/**
 * The check to help with: the first of those that did not pass last time (in the order the
 * grader gave them), else the first check of the lab.
 */
export function checkToHelpWith(lab: LabDefinition, notPassed: readonly string[] | undefined): Check {
  const name = notPassed?.find((n) => lab.checks.some((c) => c.name === n));
  return lab.checks.find((c) => c.name === name) ?? lab.checks[0]!;
}

/** Reveals one more stage of the check's hints, given how many were revealed before. */
export function nextHint(check: Check, language: Language, revealedBefore: number): HintStep {
  const stages = hintStages(check.hints, language);
  const count = Math.min(stages.length, revealedBefore + 1);
  return { check, shown: stages.slice(0, count), total: stages.length, exhausted: revealedBefore >= stages.length };
}
