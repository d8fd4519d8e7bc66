// One learner's course: the labs, their workspace and progress, and what can be done with a
// lab (grade, reveal a hint, reset, show the solution). The CLI calls it, and the course page
// will call the same methods, so both behave alike; printing is theirs.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogue, type LabEntry } from './catalogue.ts';
import type { LabTarget } from './targets/lab-target.ts';
import { gradeLab, type CheckResult, type LabResult } from './grade.ts';
import { checkToHelpWith, nextHint, type HintStep } from './hints.ts';
import type { Language } from './lab-types.ts';
import { languageNames, runtimeFor, type LanguageRuntime } from './languages.ts';
import { ProgressStore, type LabProgress, type Progress } from './progress-store.ts';
import { Workspace } from './workspace.ts';

/** A request the learner can fix (an unknown lab, a language the lab does not offer): shown as a message. */
export class CourseError extends Error {
  override name = 'CourseError';
}

export type LabStatus = 'not started' | 'passed' | 'failing' | 'error';

export interface LanguageProgress {
  language: Language;
  status: LabStatus;
  passed: number;
  total: number;
}

export interface LabOverview {
  entry: LabEntry;
  languages: LanguageProgress[];
}

export interface CourseTotal {
  labs: number;
  /** Labs passed in at least one language. */
  passed: number;
  /** Labs passed per language, for the languages the learner has started. */
  byLanguage: Partial<Record<Language, { passed: number; offered: number }>>;
}

export class CourseSession {
  readonly catalogue: LabEntry[];
  readonly workspace: Workspace;
  readonly store: ProgressStore;

  private constructor(catalogue: LabEntry[], workspace: Workspace) {
    this.catalogue = catalogue;
    this.workspace = workspace;
    this.store = new ProgressStore(workspace.root);
  }

  static async open(labsFolder: string, workspaceFolder: string): Promise<CourseSession> {
    return new CourseSession(await loadCatalogue(labsFolder), new Workspace(workspaceFolder));
  }

  progress(): Progress {
    return this.store.read();
  }

  lab(number: number): LabEntry {
    const entry = this.catalogue.find((e) => e.number === number);
    if (entry) return entry;
    const known = this.catalogue.map((e) => e.number).join(', ');
    throw new CourseError(`There is no lab ${number}. The labs are: ${known || 'none yet'}. Run npm run lab to list them.`);
  }

  /** The lab after this one, for "next: npm run lab N" once a lab passes. */
  nextLab(entry: LabEntry): LabEntry | undefined {
    return this.catalogue.find((e) => e.number > entry.number);
  }

  /** Refuses a language the lab does not offer, naming the ones it does. */
  checkOffered(entry: LabEntry, language: Language): void {
    const offered = entry.lab.languages;
    if (!offered.includes(language)) {
      throw new CourseError(`Lab ${entry.number} is not offered in ${languageNames[language]}. It is offered in: ${offered.join(', ')}. Run it with --lang ${offered[0]}.`);
    }
  }

  /**
   * The language to use without asking: the one given (remembered for later labs unless told not to), the lab's
   * only language, or the remembered one when the lab offers it. Undefined: ask the learner.
   */
  languageFor(entry: LabEntry, requested: Language | undefined, remember = true): { language?: Language; note?: string } {
    const offered = entry.lab.languages;
    if (requested) {
      this.checkOffered(entry, requested);
      if (remember) this.rememberLanguage(requested);
      return { language: requested };
    }
    // A lab with one language (the custom runtime) needs no question, and changes no preference.
    if (offered.length === 1) return { language: offered[0]! };
    const remembered = this.progress().language;
    if (remembered && offered.includes(remembered)) return { language: remembered };
    if (remembered) {
      const fallback = offered.includes('nodejs') ? 'nodejs' : offered[0]!;
      return { language: fallback, note: `Lab ${entry.number} is not offered in ${languageNames[remembered]}; using ${languageNames[fallback]}.` };
    }
    return {};
  }

  rememberLanguage(language: Language): void {
    this.store.update((p) => (p.language = language));
  }

  overview(): LabOverview[] {
    const progress = this.progress();
    return this.catalogue.map((entry) => ({
      entry,
      languages: entry.lab.languages.map((language) => languageProgress(progress.labs[entry.number]?.[language], language)),
    }));
  }

  total(): CourseTotal {
    const overview = this.overview();
    const byLanguage: CourseTotal['byLanguage'] = {};
    const started = new Set(overview.flatMap((o) => o.languages.filter((l) => l.status !== 'not started').map((l) => l.language)));
    for (const language of started) {
      const offered = overview.filter((o) => o.entry.lab.languages.includes(language));
      byLanguage[language] = { offered: offered.length, passed: offered.filter((o) => o.languages.some((l) => l.language === language && l.status === 'passed')).length };
    }
    return { labs: overview.length, passed: overview.filter((o) => o.languages.some((l) => l.status === 'passed')).length, byLanguage };
  }

  /** Copies the starter in on first use; returns the folder, and whether it was just created. */
  start(entry: LabEntry, language: Language): { folder: string; created: boolean } {
    if (this.workspace.hasCode(entry, language)) return { folder: this.workspace.codeFolder(entry, language), created: false };
    return { folder: this.workspace.start(entry, language), created: true };
  }

  /** The labs (and languages) the learner has code for in the workspace. */
  started(language?: Language): Array<{ entry: LabEntry; language: Language }> {
    return this.catalogue.flatMap((entry) =>
      entry.lab.languages.filter((l) => (!language || l === language) && this.workspace.hasCode(entry, l)).map((l) => ({ entry, language: l })),
    );
  }

  runtime(language: Language): Promise<LanguageRuntime> {
    return runtimeFor(language);
  }

  /** Grades the learner's code and records the outcome. */
  async grade(
    entry: LabEntry,
    language: Language,
    options: { target: LabTarget; runtime: string; onCheck?: (result: CheckResult) => void; onDeploy?: (phase: 'start' | 'end') => void; onTeardownProblem?: (left: string[]) => void },
  ): Promise<LabResult> {
    const result = await gradeLab({
      target: options.target,
      lab: entry.lab,
      language,
      runtime: options.runtime,
      codeFolder: this.workspace.codeFolder(entry, language),
      hintsRevealed: this.progress().hints?.[entry.number]?.[language] ?? {},
      ...(options.onCheck ? { onCheck: options.onCheck } : {}),
      ...(options.onDeploy ? { onDeploy: options.onDeploy } : {}),
      ...(options.onTeardownProblem ? { onTeardownProblem: options.onTeardownProblem } : {}),
    });
    this.record(entry, result);
    return result;
  }

  private record(entry: LabEntry, result: LabResult): void {
    this.store.update((p) => {
      const previous = p.labs[result.lab]?.[result.language];
      const passed = result.checks.filter((c) => c.status === 'passed').length;
      p.labs[result.lab] = {
        ...p.labs[result.lab],
        [result.language]: {
          language: result.language,
          status: result.status === 'failed' ? 'failing' : result.status,
          passed,
          total: result.checks.length || (previous?.total ?? 0),
          gradedAt: new Date().toISOString(),
          ...(previous?.everPassed || result.status === 'passed' ? { everPassed: true } : {}),
          notPassed: notPassed(entry, result),
        },
      };
    });
  }

  /** Reveals the next hint stage for the first check that did not pass at the last grading. */
  nextHint(entry: LabEntry, language: Language): HintStep {
    const progress = this.progress();
    const check = checkToHelpWith(entry.lab, progress.labs[entry.number]?.[language]?.notPassed);
    const revealed = progress.hints?.[entry.number]?.[language]?.[check.name] ?? 0;
    const step = nextHint(check, language, revealed);
    this.store.update((p) => {
      const forLab = ((p.hints ??= {})[entry.number] ??= {});
      (forLab[language] ??= {})[check.name] = step.shown.length;
    });
    return step;
  }

  /** Restores the starter (keeping the old code as a backup) and forgets the lab's status, not its solution unlock. */
  reset(entry: LabEntry, language: Language): { folder: string; backup?: string } {
    const outcome = this.workspace.reset(entry, language);
    this.store.update((p) => {
      const previous = p.labs[entry.number]?.[language];
      if (!previous) return;
      // A reset is a fresh attempt: the status starts over, an earned solution stays unlocked.
      const { notPassed: _forgotten, ...kept } = previous;
      p.labs[entry.number]![language] = { ...kept, status: 'not started', passed: 0 };
    });
    return outcome;
  }

  /** The reference solution's files, once the lab has passed in this language; else undefined. */
  solution(entry: LabEntry, language: Language): Array<{ file: string; text: string }> | undefined {
    if (!this.progress().labs[entry.number]?.[language]?.everPassed) return undefined;
    const folder = join(entry.folder, 'solution', language);
    return Workspace.files(folder).map((file) => ({ file, text: readFileSync(join(folder, file), 'utf8') }));
  }
}

/** The checks to help with next, in order; when Lambda refused the configuration, the check that explains why comes first. */
function notPassed(entry: LabEntry, result: LabResult): string[] {
  const starter = entry.lab.starterFails;
  if (result.status === 'error') {
    const explainedBy = !Array.isArray(starter) && 'refusedWith' in starter && result.error?.errorType === starter.refusedWith ? starter.explainedBy : undefined;
    const names = entry.lab.checks.map((c) => c.name);
    return explainedBy ? [explainedBy, ...names.filter((n) => n !== explainedBy)] : names;
  }
  return result.checks.filter((c) => c.status !== 'passed').map((c) => c.name);
}

function languageProgress(p: LabProgress | undefined, language: Language): LanguageProgress {
  if (!p) return { language, status: 'not started', passed: 0, total: 0 };
  return { language, status: p.status, passed: p.passed, total: p.total };
}
