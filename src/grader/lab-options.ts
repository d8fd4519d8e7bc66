// The options of `npm run lab`, parsed in one place: the CLI reads them, and the author's check
// parses every `npm run lab` command a README shows with the same rules.

import { parseArgs } from 'node:util';
import type { Language } from './lab-types.ts';
import { targetKinds, type TargetKind } from './targets/lab-target.ts';
import { allLanguages, languageNames } from './languages.ts';

export class LabOptionsError extends Error {
  override name = 'LabOptionsError';
}

export const reporters = ['terminal', 'json', 'junit'] as const;
export type Reporter = (typeof reporters)[number];

export interface LabOptions {
  number?: number;
  lang?: Language;
  watch: boolean;
  reset: boolean;
  solution: boolean;
  hint: boolean;
  check: boolean;
  all: boolean;
  invoke?: string;
  repeat: number;
  reporter: Reporter;
  output?: string;
  help: boolean;
  /** Where to grade: embedded (default), endpoint (--endpoint-url) or aws (--region, --role). */
  target: TargetKind;
  endpointUrl?: string;
  region?: string;
  role?: string;
  /** Write the lab's function as a SAM template instead of grading. */
  template: boolean;
}

const optionSpec = {
  lang: { type: 'string' },
  watch: { type: 'boolean' },
  reset: { type: 'boolean' },
  solution: { type: 'boolean' },
  hint: { type: 'boolean' },
  check: { type: 'boolean' },
  all: { type: 'boolean' },
  invoke: { type: 'string' },
  repeat: { type: 'string' },
  reporter: { type: 'string' },
  output: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  target: { type: 'string' },
  'endpoint-url': { type: 'string' },
  region: { type: 'string' },
  role: { type: 'string' },
  template: { type: 'boolean' },
} as const;

export const optionNames = Object.keys(optionSpec);

/** A language from what a learner typed: its id or its name, in any case ("Python", "node.js", "C#"). */
export function parseLanguage(text: string): Language | undefined {
  const wanted = text.trim().toLowerCase();
  return allLanguages.find((l) => l === wanted || languageNames[l].toLowerCase() === wanted || (l === 'nodejs' && ['node', 'javascript'].includes(wanted)) || (l === 'dotnet' && ['c#', 'csharp', '.net'].includes(wanted)));
}

/**
 * Parses the words after `npm run lab`. `npmOptions` are the npm_config_* values npm set when
 * it kept options for itself (they were written without `--` before them): they are refused
 * with the command to type instead, since npm may also have turned an option's value into a word.
 */
export function parseLabOptions(args: string[], npmOptions: Record<string, string> = {}): LabOptions {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: optionSpec });
  } catch (error) {
    throw new LabOptionsError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const kept = Object.entries(npmOptions);
  if (kept.length > 0) {
    // npm 11 reads `--lang python` as its own `--all` and passes "python" on as a word.
    const word = positionals.slice(1).find((p) => parseLanguage(p));
    const shown = kept
      .filter(([name]) => !(word && name === 'all'))
      .map(([name, value]) => (value === 'true' ? `--${name}` : `--${name} ${value}`));
    if (word) shown.unshift(`--lang ${word}`);
    const options = positionals.length > 0 ? `${positionals[0]} ` : '';
    throw new LabOptionsError(`npm kept the options for itself. Put -- before them: npm run lab ${options}-- ${shown.join(' ')}`);
  }
  if (positionals.length > 1) throw new LabOptionsError(`Give one lab number, not ${positionals.join(' ')}.`);
  let number: number | undefined;
  if (positionals[0] !== undefined) {
    number = Number(positionals[0]);
    if (!Number.isInteger(number) || number < 1) throw new LabOptionsError(`'${positionals[0]}' is not a lab number. Run npm run lab to list them.`);
  }
  let lang: Language | undefined;
  if (values.lang !== undefined) {
    lang = parseLanguage(values.lang);
    if (!lang) throw new LabOptionsError(`Unknown language '${values.lang}'. Choose one of: ${allLanguages.join(', ')}.`);
  }
  const reporter = values.reporter ?? 'terminal';
  if (!(reporters as readonly string[]).includes(reporter)) throw new LabOptionsError(`--reporter ${reporter} is not one of ${reporters.join(', ')}.`);
  const repeat = values.repeat === undefined ? 1 : Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new LabOptionsError(`--repeat ${values.repeat} must be a whole number of 1 or more.`);
  if (values.repeat !== undefined && values.invoke === undefined) throw new LabOptionsError('--repeat goes with --invoke: npm run lab 1 -- --invoke \'{"name": "Ada"}\' --repeat 2');
  const target = (values.target ?? 'embedded') as TargetKind;
  if (!targetKinds.includes(target)) throw new LabOptionsError(`--target ${values.target} is not one of ${targetKinds.join(', ')}.`);
  if (target === 'endpoint' && values['endpoint-url'] === undefined) throw new LabOptionsError('--target endpoint needs --endpoint-url, such as --endpoint-url http://127.0.0.1:4566 (start one with npm run -s serve).');
  if (values['endpoint-url'] !== undefined && target === 'embedded') throw new LabOptionsError('--endpoint-url goes with --target endpoint: npm run lab 1 -- --target endpoint --endpoint-url http://127.0.0.1:4566');
  if (values['endpoint-url'] !== undefined && !/^https?:\/\/[^\s/]+/.test(values['endpoint-url'])) throw new LabOptionsError(`--endpoint-url ${values['endpoint-url']} is not a URL: give one such as http://127.0.0.1:4566.`);
  if (values.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(values.region)) throw new LabOptionsError(`--region ${values.region} is not an AWS Region name such as eu-west-1.`);
  if ((values.region !== undefined || values.role !== undefined) && target !== 'aws') throw new LabOptionsError(`--${values.region !== undefined ? 'region' : 'role'} goes with --target aws.`);
  if (values.template && number === undefined) throw new LabOptionsError('--template needs a lab number: npm run lab 3 -- --template');
  const needsLab = (['hint', 'reset', 'solution', 'invoke', 'watch'] as const).filter((name) => values[name] !== undefined);
  if (number === undefined && needsLab.length > 0) throw new LabOptionsError(`--${needsLab[0]} needs a lab number: npm run lab 3 -- --${needsLab[0]}`);
  if (values.all && number !== undefined) throw new LabOptionsError(`--all grades every lab you started; leave out the number ${number}, or leave out --all.`);
  return {
    ...(number !== undefined ? { number } : {}),
    ...(lang ? { lang } : {}),
    watch: values.watch ?? false,
    reset: values.reset ?? false,
    solution: values.solution ?? false,
    hint: values.hint ?? false,
    check: values.check ?? false,
    all: values.all ?? false,
    ...(values.invoke !== undefined ? { invoke: values.invoke } : {}),
    repeat,
    reporter: reporter as Reporter,
    ...(values.output !== undefined ? { output: values.output } : {}),
    help: values.help ?? false,
    target,
    ...(values['endpoint-url'] !== undefined ? { endpointUrl: values['endpoint-url'] } : {}),
    ...(values.region !== undefined ? { region: values.region } : {}),
    ...(values.role !== undefined ? { role: values.role } : {}),
    template: values.template ?? false,
  };
}

/** The npm_config_* values for our options, set when npm kept `--lang` and the like for itself. */
export function npmKeptOptions(env: NodeJS.ProcessEnv): Record<string, string> {
  // Only under `npm run lab`: another script's npm options (npm test --reporter=dot) are not ours.
  if (env.npm_lifecycle_event !== 'lab') return {};
  return Object.fromEntries(optionNames.flatMap((name) => (env[`npm_config_${name}`] !== undefined ? [[name, env[`npm_config_${name}`]!]] : [])));
}
