// `npm run lab [N]`: lists the labs, or grades lab N from workspace/. Thin: the grading
// itself is src/grader's.

import { readFileSync, watch, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { LambdaService } from '../runtime/service.ts';
import { loadCatalogue, type LabEntry } from '../grader/catalogue.ts';
import { gradeLab, type LabResult } from '../grader/grade.ts';
import type { Language } from '../grader/lab-types.ts';
import { allLanguages, isLanguage, languageNames, runtimeFor } from '../grader/languages.ts';
import { ProgressStore, type Progress } from '../grader/progress-store.ts';
import { toResultsJson } from '../grader/reporters/json.ts';
import { toJUnit } from '../grader/reporters/junit.ts';
import { checkLine, style, summary, type Style } from '../grader/reporters/terminal.ts';
import { Workspace } from '../grader/workspace.ts';
import { labsFolder, workspaceFolder } from './paths.ts';
import { slowStep } from './slow-step.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: npm run lab [N] [-- options]

  npm run lab                 list the labs and your progress
  npm run lab 3               grade lab 3 (the first run copies the starter into workspace/)
  --lang <language>           ${allLanguages.join(', ')} (remembered for later labs)
  --watch                     grade again whenever you save a file of the lab
  --reset                     restore the starter (your code is kept in workspace/.backups/)
  --solution                  show the reference solution (once the lab has passed)
  --reporter <name>           terminal (default), json (Exercism results.json v3) or junit
  --output <file>             write the json or junit report to a file instead of stdout`;

type Reporter = 'terminal' | 'json' | 'junit';

function options(args: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        lang: { type: 'string' },
        watch: { type: 'boolean' },
        reset: { type: 'boolean' },
        solution: { type: 'boolean' },
        reporter: { type: 'string' },
        output: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
  const { values, positionals } = parsed;
  // `npm run lab 3 --lang python` (without --) hands the flag to npm, which passes it on as npm_config_lang.
  const npm = (name: string) => process.env[`npm_config_${name}`];
  const flag = (value: boolean | undefined, name: string) => value ?? (npm(name) === 'true' || undefined);
  const reporter = values.reporter ?? npm('reporter') ?? 'terminal';
  if (!['terminal', 'json', 'junit'].includes(reporter)) throw new UsageError(`--reporter ${reporter} is not one of terminal, json, junit.`);
  if (positionals.length > 1) throw new UsageError(`Give one lab number, not ${positionals.join(' ')}.\n\n${usage}`);
  return {
    number: positionals[0],
    lang: values.lang ?? npm('lang'),
    watch: flag(values.watch, 'watch'),
    reset: flag(values.reset, 'reset'),
    solution: flag(values.solution, 'solution'),
    reporter: reporter as Reporter,
    output: values.output,
    help: values.help,
  };
}

function statusText(progress: Progress, entry: LabEntry, language: Language, s: Style): string {
  const p = progress.labs[entry.number]?.[language];
  if (!p) return s.dim('not started');
  if (p.status === 'passed') return s.green('passed');
  if (p.status === 'error') return s.red('does not load');
  return s.red(`failing ${p.total - p.passed}/${p.total}`);
}

function list(catalogue: LabEntry[], progress: Progress, s: Style): number {
  const language = progress.language ?? 'nodejs';
  console.log(`Lambda Dojo labs (${languageNames[language]}; change with --lang)\n`);
  for (const entry of catalogue) {
    const only = entry.lab.languages.length === 1 ? entry.lab.languages[0]! : undefined;
    const state = entry.lab.languages.includes(language)
      ? statusText(progress, entry, language, s)
      : only
        ? `${statusText(progress, entry, only, s)} ${s.dim(`(${languageNames[only]})`)}`
        : s.dim(`not offered in ${languageNames[language]}`);
    console.log(`  ${String(entry.number).padStart(2)}  ${entry.lab.title.padEnd(36)} ${state}`);
  }
  console.log(`\nGrade one with: npm run lab <number>`);
  return 0;
}

async function chooseLanguage(requested: string | undefined, entry: LabEntry, store: ProgressStore): Promise<Language> {
  const offered = entry.lab.languages;
  if (requested !== undefined) {
    if (!isLanguage(requested)) throw new UsageError(`Unknown language '${requested}'. Choose one of: ${allLanguages.join(', ')}.`);
    if (!offered.includes(requested)) {
      throw new UsageError(`Lab ${entry.number} is not offered in ${languageNames[requested]}. It is offered in: ${offered.join(', ')}. Run it with --lang ${offered[0]}.`);
    }
    store.update((p) => (p.language = requested));
    return requested;
  }
  // A lab with one language (the custom runtime) needs no question, and changes no preference.
  if (offered.length === 1) return offered[0]!;
  const remembered = store.read().language;
  if (remembered && offered.includes(remembered)) return remembered;
  let chosen: Language = offered.includes('nodejs') ? 'nodejs' : offered[0]!;
  if (!remembered && process.stdin.isTTY && process.stdout.isTTY) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      const answer = (await rl.question(`Which language will you write your functions in? (${offered.join(', ')}) [${chosen}] `)).trim();
      if (answer && isLanguage(answer) && offered.includes(answer)) chosen = answer;
      else if (answer) console.log(`'${answer}' is not one of ${offered.join(', ')}; using ${chosen}. Change it any time with --lang.`);
    } finally {
      rl.close();
    }
    store.update((p) => (p.language = chosen));
  } else if (remembered) {
    console.log(`Lab ${entry.number} is not offered in ${languageNames[remembered]}; using ${languageNames[chosen]}.`);
  }
  return chosen;
}

function showSolution(entry: LabEntry, language: Language, store: ProgressStore): number {
  if (!store.read().labs[entry.number]?.[language]?.everPassed) {
    console.error(`The reference solution of lab ${entry.number} unlocks once your ${languageNames[language]} code passes every check. Keep going: npm run lab ${entry.number}`);
    return 1;
  }
  const folder = join(entry.folder, 'solution', language);
  for (const file of Workspace.files(folder)) {
    console.log(`── ${file} ${'─'.repeat(Math.max(0, 60 - file.length))}\n${readFileSync(join(folder, file), 'utf8')}`);
  }
  return 0;
}

function record(store: ProgressStore, result: LabResult): void {
  store.update((p) => {
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
      },
    };
  });
}

export async function main(args: string[]): Promise<number> {
  const opts = options(args);
  if (opts.help) {
    console.log(usage);
    return 0;
  }
  const s = style(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const catalogue = await loadCatalogue(labsFolder());
  const workspace = new Workspace(workspaceFolder());
  const store = new ProgressStore(workspace.root);
  if (opts.number === undefined) return list(catalogue, store.read(), s);

  const number = Number(opts.number);
  const entry = catalogue.find((e) => e.number === number);
  if (!entry) {
    const known = catalogue.map((e) => e.number).join(', ');
    throw new UsageError(`There is no lab ${opts.number}. The labs are: ${known || 'none yet'}. Run npm run lab to list them.`);
  }
  const language = await chooseLanguage(opts.lang, entry, store);
  if (opts.solution) return showSolution(entry, language, store);

  const shownPath = (folder: string) => relative(process.cwd(), folder) || '.';
  if (opts.reset) {
    const { folder, backup } = workspace.reset(entry, language);
    console.log(`Lab ${entry.number} is back to its starter in ${shownPath(folder)}.${backup ? ` Your previous code is kept in ${shownPath(backup)}.` : ''}`);
    return 0;
  }
  const { runtime, toolchain, installHint } = await runtimeFor(language);
  if (!toolchain) {
    console.error(`Lab ${entry.number} in ${languageNames[language]} needs the ${languageNames[language]} toolchain, which this machine does not have. ${installHint}\nOr pick another language: npm run lab ${entry.number} -- --lang nodejs`);
    return 2;
  }
  const human = opts.reporter === 'terminal' || opts.output !== undefined;
  const say = (text: string) => human && console.log(text);
  if (!workspace.hasCode(entry, language)) {
    const folder = workspace.start(entry, language);
    say(`Lab ${entry.number}'s ${languageNames[language]} starter is in ${shownPath(folder)}.\nEdit ${entry.lab.entryFile[language] ?? 'the code there'}, then grade again with: npm run lab ${entry.number}\n`);
  }
  const codeFolder = workspace.codeFolder(entry, language);

  const service = new LambdaService();
  const stop = () => void service.shutdown().then(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const building = slowStep(process.stdout, human, Number(process.env.LAMBDA_DOJO_PROGRESS_AFTER_MS ?? 1000));
  const compiled = ['java', 'dotnet', 'go'].includes(language);
  const buildLabel = compiled ? `Building your ${languageNames[language]} code…` : 'Deploying your function…';
  const gradeOnce = async (): Promise<LabResult> => {
    say(`${s.bold(`Lab ${entry.number} · ${entry.lab.title}`)} ${s.dim(`(${languageNames[language]}, ${runtime}, ${shownPath(codeFolder)})`)}\n`);
    const result = await gradeLab({
      service,
      lab: entry.lab,
      language,
      runtime,
      codeFolder,
      onCheck: (check) => say(checkLine(check, s)),
      onDeploy: (phase) => (phase === 'start' ? building.start(buildLabel) : building.end()),
    });
    say(summary(result, s));
    record(store, result);
    const report = opts.reporter === 'json' ? toResultsJson(result, entry.lab.checks) : opts.reporter === 'junit' ? toJUnit(result, entry.lab.title) : undefined;
    if (report !== undefined) {
      if (opts.output) writeFileSync(opts.output, report);
      else process.stdout.write(report);
    }
    if (result.status === 'passed') say(s.dim(`\n  Compare with the reference solution: npm run lab ${entry.number} -- --solution`));
    return result;
  };

  try {
    const result = await gradeOnce();
    if (!opts.watch) return result.status === 'passed' ? 0 : 1;
    say(s.dim(`\nWatching ${shownPath(codeFolder)}: save a file to grade again, Ctrl-C to stop.`));
    await watchAndGrade(codeFolder, gradeOnce);
    return 0;
  } finally {
    await service.shutdown();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** Grades again after each burst of changes; runs until the process is interrupted. */
function watchAndGrade(folder: string, grade: () => Promise<unknown>): Promise<void> {
  return new Promise(() => {
    let timer: NodeJS.Timeout | undefined;
    let running = Promise.resolve();
    watch(folder, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        running = running.then(async () => {
          console.log('\n');
          await grade();
        });
      }, 250);
    });
  });
}

