// The author's check (`npm run lab -- --check`), as rustlings' `dev check`: for every lab, the
// record is complete (the schema ran when it loaded), hints and descriptions name no other
// language, the README's `npm run lab` commands parse, no stray files sit in the folder; and
// for every language, the starter fails exactly the checks lab.ts names and the solution passes.
// test/labs/labs.test.ts runs the same functions, so the course's tests and authors agree.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabTarget } from './targets/lab-target.ts';
import type { LabEntry } from './catalogue.ts';
import { gradeLab, type LabResult } from './grade.ts';
import { hintStages } from './hints.ts';
import { LabOptionsError, parseLabOptions } from './lab-options.ts';
import type { Language } from './lab-types.ts';

/** How each language is named in prose: a hint for one language must not name another. */
const namePatterns: Record<Language, RegExp | undefined> = {
  nodejs: /\bNode\.js\b|\bJavaScript\b/,
  python: /\bPython\b/,
  ruby: /\bRuby\b/,
  java: /\bJava\b(?!Script)/,
  dotnet: /C#|\.NET\b/,
  go: /\bGo\b/,
  provided: undefined,
};

/** Hints in the learner's language only; descriptions in no language's terms. */
export function languageProblems(entry: LabEntry): string[] {
  const problems: string[] = [];
  const { lab } = entry;
  for (const check of lab.checks) {
    for (const [language, pattern] of Object.entries(namePatterns) as Array<[Language, RegExp | undefined]>) {
      if (pattern?.test(check.description)) problems.push(`"${check.name}": the description names ${language}; describe the check in no language's terms`);
    }
    for (const language of lab.languages) {
      for (const hint of hintStages(check.hints, language)) {
        for (const [other, pattern] of Object.entries(namePatterns) as Array<[Language, RegExp | undefined]>) {
          if (other !== language && pattern?.test(hint.text)) problems.push(`"${check.name}": the ${hint.kind} hint a ${language} learner sees names ${other}`);
        }
      }
    }
  }
  return problems;
}

/** Every `npm run lab ...` command in the README parses, for a lab that exists. */
export function readmeCommandProblems(entry: LabEntry, labNumbers: number[]): string[] {
  const readme = join(entry.folder, 'README.md');
  if (!existsSync(readme)) return ['README.md is missing'];
  const problems: string[] = [];
  const commands = readFileSync(readme, 'utf8').match(/npm run lab(?: [^`\n|]*)?/g) ?? [];
  for (const found of commands) {
    const command = found.replace(/\s+#.*$/, ''); // a shell comment is not part of the command
    // Shell quoting as a learner's shell would read it: '...' keeps its content whole.
    const words = [...command.slice('npm run lab'.length).matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
    const separator = words.indexOf('--');
    const before = separator === -1 ? words : words.slice(0, separator);
    if (before.some((w) => w.startsWith('--'))) {
      problems.push(`README: "${command.trim()}" puts an option before --, which npm keeps for itself`);
      continue;
    }
    try {
      const options = parseLabOptions(separator === -1 ? words : [...before, ...words.slice(separator + 1)]);
      if (options.number !== undefined && !labNumbers.includes(options.number)) problems.push(`README: "${command.trim()}" names lab ${options.number}, which does not exist`);
      if (options.lang && !entry.lab.languages.includes(options.lang) && options.number === entry.number) problems.push(`README: "${command.trim()}" asks for ${options.lang}, which this lab does not offer`);
    } catch (error) {
      if (!(error instanceof LabOptionsError)) throw error;
      problems.push(`README: "${command.trim()}" does not parse: ${error.message}`);
    }
  }
  return problems;
}

/** Helper modules lab.ts imports from its own folder, and folders its README names, belong; nothing else does. */
export function strayFileProblems(entry: LabEntry): string[] {
  const { folder, lab } = entry;
  const labSource = readFileSync(join(folder, 'lab.ts'), 'utf8');
  const readme = existsSync(join(folder, 'README.md')) ? readFileSync(join(folder, 'README.md'), 'utf8') : '';
  const imported = [...labSource.matchAll(/from '\.\/([^'/]+)'/g)].map((m) => m[1]!);
  const problems: string[] = [];
  for (const name of readdirSync(folder)) {
    const expected = ['lab.ts', 'README.md', 'starter', 'solution', ...imported].includes(name) || readme.includes(`${entry.slug}/${name}/`);
    if (!expected) problems.push(`${name} is not part of the lab: lab.ts does not import it and the README does not name it`);
  }
  for (const kind of ['starter', 'solution'] as const) {
    const languages = existsSync(join(folder, kind)) ? readdirSync(join(folder, kind)) : [];
    for (const language of lab.languages) {
      if (!languages.includes(language)) problems.push(`${kind}/${language} is missing`);
      else if (!existsSync(join(folder, kind, language, lab.entryFile[language]!))) problems.push(`${kind}/${language} has no ${lab.entryFile[language]} (the entryFile of lab.ts)`);
    }
    for (const extra of languages.filter((l) => !lab.languages.includes(l as Language))) problems.push(`${kind}/${extra} is not one of the lab's languages (${lab.languages.join(', ')})`);
    problems.push(...buildLeftovers(join(folder, kind)).map((path) => `${kind}/${path} is a build leftover; delete it`));
  }
  return problems;
}

function buildLeftovers(folder: string, prefix = ''): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) => {
    const path = `${prefix}${e.name}`;
    if (['__pycache__', '.DS_Store', 'obj', 'target'].includes(e.name) || /\.(pyc|class)$/.test(e.name)) return [path];
    return e.isDirectory() ? buildLeftovers(join(folder, e.name), `${path}/`) : [];
  });
}

/** Problems of the lab as a record and a folder: no grading needed. */
export function staticProblems(entry: LabEntry, labNumbers: number[]): string[] {
  return [...languageProblems(entry), ...readmeCommandProblems(entry, labNumbers), ...strayFileProblems(entry)];
}

const outcome = (result: LabResult) =>
  result.error ? `it did not deploy or load (${result.error.message})` : result.checks.map((c) => `${c.status === 'passed' ? '✓' : '✗'} ${c.name}`).join(', ');

/** The starter fails exactly the checks lab.ts names (or Lambda refuses it as lab.ts says). */
export function starterProblems(entry: LabEntry, language: Language, result: LabResult): string[] {
  const expected = entry.lab.starterFails;
  if (!Array.isArray(expected) && 'refusedWith' in expected) {
    return result.error?.errorType === expected.refusedWith ? [] : [`the ${language} starter should be refused with ${expected.refusedWith}, but ${outcome(result)}`];
  }
  const names = Array.isArray(expected) ? expected : (expected[language] ?? []);
  if (result.error) return [`the ${language} starter should fail ${names.join(', ')}, but ${outcome(result)}`];
  const failed = result.checks.filter((c) => c.status !== 'passed').map((c) => c.name);
  const unexpected = failed.filter((n) => !names.includes(n));
  const missing = names.filter((n) => !failed.includes(n));
  return [
    ...(missing.length ? [`the ${language} starter passes ${missing.map((n) => `"${n}"`).join(', ')}, which lab.ts says it fails`] : []),
    ...(unexpected.length ? [`the ${language} starter fails ${unexpected.map((n) => `"${n}"`).join(', ')}, which lab.ts does not name in starterFails`] : []),
  ];
}

export function solutionProblems(language: Language, result: LabResult): string[] {
  return result.status === 'passed' ? [] : [`the ${language} solution does not pass: ${outcome(result)}`];
}

/** Grades the starter and the solution of one language. */
export async function gradedProblems(target: LabTarget, entry: LabEntry, language: Language, runtime: string): Promise<string[]> {
  const grade = (kind: 'starter' | 'solution') => gradeLab({ target, lab: entry.lab, language, runtime, codeFolder: join(entry.folder, kind, language) });
  return [...starterProblems(entry, language, await grade('starter')), ...solutionProblems(language, await grade('solution'))];
}
