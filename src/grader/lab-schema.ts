// Validates a lab.ts record when it loads, so a course author learns of a missing hint stage
// or a language without a handler at once, from an error that names the file and the field,
// rather than from a learner's crash. A small validator of our own: the rules are cross-field
// (every language of the lab needs each per-language text), which a plain shape cannot say.

import type { LabDefinition, Language } from './lab-types.ts';
import { allLanguages } from './languages.ts';

export class LabDefinitionError extends Error {
  override name = 'LabDefinitionError';
}

type Problems = string[];

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const nonEmpty = (value: unknown) => typeof value === 'string' && value.trim() !== '';

function text(problems: Problems, field: string, value: unknown): void {
  if (!nonEmpty(value)) problems.push(`${field}: must be a non-empty string (got ${JSON.stringify(value) ?? 'nothing'})`);
}

/** One entry per language of the lab, and none for a language it does not offer. */
function perLanguage(problems: Problems, field: string, value: unknown, languages: Language[], check: (field: string, value: unknown) => void): void {
  if (!isObject(value)) {
    problems.push(`${field}: must be an object with one entry per language of the lab (${languages.join(', ')})`);
    return;
  }
  for (const language of languages) {
    if (value[language] === undefined) problems.push(`${field}.${language}: missing (the lab is offered in ${languages.join(', ')})`);
    else check(`${field}.${language}`, value[language]);
  }
  for (const key of Object.keys(value)) {
    if (!languages.includes(key as Language)) problems.push(`${field}.${key}: the lab is not offered in ${key} (its languages: ${languages.join(', ')})`);
  }
}

/** A string for every language, or one string per language. */
function languageText(problems: Problems, field: string, value: unknown, languages: Language[]): void {
  if (typeof value === 'string') text(problems, field, value);
  else perLanguage(problems, field, value, languages, (f, v) => text(problems, f, v));
}

function checks(problems: Problems, value: unknown, languages: Language[]): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    problems.push('checks: must be a non-empty list of checks');
    return [];
  }
  const names: string[] = [];
  value.forEach((check: unknown, index) => {
    const field = `checks[${index}]`;
    if (!isObject(check)) {
      problems.push(`${field}: must be an object {name, description, hints, run}`);
      return;
    }
    text(problems, `${field}.name`, check.name);
    if (typeof check.name === 'string') {
      if (names.includes(check.name)) problems.push(`${field}.name: "${check.name}" is the name of an earlier check too; names must be unique`);
      names.push(check.name);
    }
    text(problems, `${field}.description`, check.description);
    if (typeof check.run !== 'function') problems.push(`${field}.run: must be the function that runs the check`);
    if ('hint' in check) problems.push(`${field}.hint: hints are staged now; write hints: {concept, api, code}`);
    const hints = check.hints;
    if (!isObject(hints)) {
      problems.push(`${field}.hints: must be {concept, api, code}, the three stages a learner reveals one at a time`);
      return;
    }
    text(problems, `${field}.hints.concept`, hints.concept);
    for (const stage of ['api', 'code'] as const) {
      if (hints[stage] === undefined) problems.push(`${field}.hints.${stage}: missing (every check has the stages concept, api and code)`);
      else languageText(problems, `${field}.hints.${stage}`, hints[stage], languages);
    }
  });
  return names;
}

/** Returns the lab when it is valid; otherwise throws one error listing every problem, each with its field. */
export function validateLab(value: unknown, file: string): LabDefinition {
  const problems: Problems = [];
  if (!isObject(value)) throw new LabDefinitionError(`${file}: the default export must be a lab (defineLab({...})), not ${JSON.stringify(value) ?? 'nothing'}.`);
  if (!Number.isInteger(value.number) || (value.number as number) < 1) problems.push(`number: must be a whole number of at least 1 (got ${JSON.stringify(value.number)})`);
  if (!Number.isInteger(value.lesson) || (value.lesson as number) < 1) problems.push(`lesson: must be a lesson number (got ${JSON.stringify(value.lesson)})`);
  text(problems, 'title', value.title);
  text(problems, 'summary', value.summary);
  let languages: Language[] = [];
  if (!Array.isArray(value.languages) || value.languages.length === 0) problems.push(`languages: must be a non-empty list of ${allLanguages.join(', ')}`);
  else {
    value.languages.forEach((language: unknown, index) => {
      if (!allLanguages.includes(language as Language)) problems.push(`languages[${index}]: ${JSON.stringify(language)} is not one of ${allLanguages.join(', ')}`);
      else if (languages.includes(language as Language)) problems.push(`languages[${index}]: ${language} is listed twice`);
      else languages.push(language as Language);
    });
  }
  perLanguage(problems, 'entryFile', value.entryFile, languages, (f, v) => text(problems, f, v));
  if (!isObject(value.function)) problems.push('function: must be {handler, ...}');
  else perLanguage(problems, 'function.handler', value.function.handler, languages, (f, v) => text(problems, f, v));
  if (value.needs !== undefined) {
    const known = ['keyService', 'stack', 'backend'];
    if (!isObject(value.needs)) problems.push(`needs: must be an object such as {keyService: {}} (what the lab asks its target for)`);
    else for (const key of Object.keys(value.needs)) if (!known.includes(key)) problems.push(`needs.${key}: not something a target provides (it provides: ${known.join(', ')})`);
  }
  const names = checks(problems, value.checks, languages);
  const known = (field: string, list: unknown) => {
    if (!Array.isArray(list)) return problems.push(`${field}: must be a list of check names`);
    list.forEach((name, index) => {
      if (!names.includes(name)) problems.push(`${field}[${index}]: "${name}" is not the name of a check (the checks: ${names.map((n) => `"${n}"`).join(', ')})`);
    });
  };
  if (value.starterFails === undefined) problems.push('starterFails: missing: name the checks each starter fails, e.g. starterFails: ["greets by name"]');
  else if (Array.isArray(value.starterFails)) known('starterFails', value.starterFails);
  else if (isObject(value.starterFails) && 'refusedWith' in value.starterFails) {
    text(problems, 'starterFails.refusedWith', value.starterFails.refusedWith);
    known('starterFails.explainedBy', [value.starterFails.explainedBy]);
  }
  else perLanguage(problems, 'starterFails', value.starterFails, languages, known);
  if (problems.length > 0) throw new LabDefinitionError(`${file} is not a valid lab:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return value as unknown as LabDefinition;
}
