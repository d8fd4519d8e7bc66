// `npm run lab [N]`: lists the labs, or grades lab N from workspace/. Thin: the course itself
// (grading, hints, progress) is src/grader/course-session.ts; this file reads options, asks
// and prints.

import { writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { CodeBuildError, LambdaServiceError } from '../runtime/errors.ts';
import { SettingsFileError } from '../grader/deployment.ts';
import { labTemplate } from '../grader/sam-template.ts';
import { TargetRefused, type LabTarget } from '../grader/targets/lab-target.ts';
import { openTarget } from '../grader/targets/open-target.ts';
import { costLine } from '../grader/targets/prices.ts';
import type { LabEntry } from '../grader/catalogue.ts';
import { CourseError, CourseSession } from '../grader/course-session.ts';
import type { LabResult } from '../grader/grade.ts';
import { hintLabels } from '../grader/hints.ts';
import { LabDefinitionError } from '../grader/lab-schema.ts';
import { InvokeEventError, invokeLab, parseEvent } from '../grader/lab-invoke.ts';
import { LabOptionsError, npmKeptOptions, parseLabOptions, parseLanguage, type LabOptions } from '../grader/lab-options.ts';
import type { Language } from '../grader/lab-types.ts';
import { allLanguages, languageNames } from '../grader/languages.ts';
import { toResultsJson } from '../grader/reporters/json.ts';
import { toJUnit } from '../grader/reporters/junit.ts';
import { checkLine, style, summary, type Style } from '../grader/reporters/terminal.ts';
import { runAuthorCheck } from './lab-check.ts';
import { printList } from './lab-list.ts';
import { watchAndGrade } from './lab-watch.ts';
import { labsFolder, workspaceFolder } from './paths.ts';
import { slowStep } from './slow-step.ts';
import { UsageError } from './usage-error.ts';
import { shutDownOnSignals } from './shutdown-on-signals.ts';

const usage = `Usage: npm run lab [N] [-- options]

  npm run lab                 list the labs and your progress in every language
  npm run lab 3               grade lab 3 (the first run copies the starter into workspace/)
  --lang <language>           ${allLanguages.join(', ')} (any case; remembered for later labs)
  --hint                      show the next hint for the first check that does not pass
  --watch                     grade again whenever you save a file of the lab
  --invoke '<event JSON>'     run your function once with the lab's configuration (--repeat N: N times)
  --reset                     restore the starter and the lab's status (your code is kept in workspace/.backups/)
  --solution                  show the reference solution (once the lab has passed)
  --all                       grade every lab you have started (with --lang: in that language only)
  --reporter <name>           terminal (default), json (Exercism results.json v3) or junit
  --output <file>             write the json or junit report to a file instead of stdout
  --check                     for course authors: prove every lab's starters, solutions, hints and README commands
  --target <where>            embedded (default: this machine), endpoint or aws
  --endpoint-url <url>        with --target endpoint: any AWS-compatible endpoint (npm run -s serve starts one)
  --region <region>           with --target aws: the Region (default: AWS_REGION)
  --role <arn>                with --target aws: the functions' execution role
  --template                  write the lab's function as a SAM template (to stdout, or --output template.yaml)`;

const shownPath = (folder: string) => relative(process.cwd(), folder) || '.';

function options(args: string[]): LabOptions {
  try {
    return parseLabOptions(args, npmKeptOptions(process.env));
  } catch (error) {
    if (error instanceof LabOptionsError) throw new UsageError(`${error.message}\n\n${usage}`);
    throw error;
  }
}

/** Asks until the answer is a language the lab offers (Enter takes the default); remembers it. */
async function askLanguage(session: CourseSession, entry: LabEntry): Promise<Language> {
  const offered = entry.lab.languages;
  const fallback: Language = offered.includes('nodejs') ? 'nodejs' : offered[0]!;
  if (!process.stdin.isTTY || !process.stdout.isTTY) return fallback;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  // Lines are read through the iterator, which keeps those typed ahead of the next question.
  const lines = rl[Symbol.asyncIterator]();
  try {
    for (;;) {
      process.stdout.write(`Which language will you write your functions in? (${offered.join(', ')}) [${fallback}] `);
      const next = await lines.next();
      if (next.done) return fallback; // the input ended (Ctrl-D)
      const answer = String(next.value).trim();
      const chosen = answer === '' ? fallback : parseLanguage(answer);
      if (chosen && offered.includes(chosen)) {
        session.rememberLanguage(chosen);
        return chosen;
      }
      console.log(`'${answer}' is not one of ${offered.join(', ')}. Type one of them, or press Enter for ${fallback}.`);
    }
  } finally {
    rl.close();
  }
}

async function chooseLanguage(session: CourseSession, entry: LabEntry, requested: Language | undefined, ask: boolean): Promise<Language> {
  const { language, note } = session.languageFor(entry, requested, ask);
  if (note) console.log(note);
  return language ?? (ask ? askLanguage(session, entry) : entry.lab.languages.includes('nodejs') ? 'nodejs' : entry.lab.languages[0]!);
}

function showHint(session: CourseSession, entry: LabEntry, language: Language, s: Style): number {
  const step = session.nextHint(entry, language);
  console.log(`${s.bold(`Hints for "${step.check.name}"`)} ${s.dim(`(lab ${entry.number}, ${languageNames[language]})`)}\n`);
  for (const hint of step.shown) console.log(`  ${s.bold(`${hint.stage}/${step.total} ${hintLabels[hint.kind]}:`)}\n${hint.text.replace(/^/gm, '    ')}\n`);
  if (step.exhausted) console.log(s.dim(`  That was the last hint. The reference solution unlocks once the lab passes: npm run lab ${entry.number} -- --solution`));
  else if (step.shown.length < step.total) console.log(s.dim(`  Another hint: npm run lab ${entry.number} -- --hint`));
  return 0;
}

function showSolution(session: CourseSession, entry: LabEntry, language: Language): number {
  const files = session.solution(entry, language);
  if (!files) {
    console.error(`The reference solution of lab ${entry.number} unlocks once your ${languageNames[language]} code passes every check. Keep going: npm run lab ${entry.number}, or ask for a hint: npm run lab ${entry.number} -- --hint`);
    return 1;
  }
  for (const { file, text } of files) console.log(`── ${file} ${'─'.repeat(Math.max(0, 60 - file.length))}\n${text}`);
  return 0;
}

/** Refuses a language without its toolchain here, saying how to install it. */
async function runtimeOrRefuse(session: CourseSession, entry: LabEntry, language: Language): Promise<string | undefined> {
  const { runtime, toolchain, installHint } = await session.runtime(language);
  if (toolchain) return runtime;
  console.error(`Lab ${entry.number} in ${languageNames[language]} needs the ${languageNames[language]} toolchain, which this machine does not have. ${installHint}\nOr pick another language: npm run lab ${entry.number} -- --lang nodejs`);
  return undefined;
}

/** What a run could not delete: said on stderr, so nothing is left on an account unknown to the learner. */
const leftBehind = (target: LabTarget) => (left: string[]) =>
  console.error(`Could not delete from ${target.description}; delete by hand:\n${left.map((line) => `  ${line}`).join('\n')}`);

/** Runs `work` on the target the options name; on AWS, prints what the run used and cost. */
async function withTarget<T>(opts: LabOptions, work: (target: LabTarget) => Promise<T>): Promise<T> {
  let target: LabTarget;
  try {
    target = await openTarget({ kind: opts.target, ...(opts.endpointUrl ? { endpointUrl: opts.endpointUrl } : {}), ...(opts.region ? { region: opts.region } : {}), ...(opts.role ? { role: opts.role } : {}) });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const stopOnSignals = shutDownOnSignals({ shutdown: () => target.close() });
  return work(target).finally(async () => {
    if (target.kind === 'aws') console.error(costLine(target.usage()));
    await target.close();
    stopOnSignals();
  });
}

/** How long a deploy may take before it shows progress (a second; tests lower it). */
const progressAfterMs = () => Number(process.env.LAMBDA_DOJO_PROGRESS_AFTER_MS ?? 1000);
const deployLabel = (language: Language) => (['java', 'dotnet', 'go'].includes(language) ? `Building your ${languageNames[language]} code…` : 'Deploying your function…');

function writeReport(opts: LabOptions, report: string | undefined): void {
  if (report === undefined) return;
  if (opts.output) writeFileSync(opts.output, report);
  else process.stdout.write(report);
}

async function invoke(session: CourseSession, entry: LabEntry, language: Language, opts: LabOptions): Promise<number> {
  const event = parseEvent(opts.invoke!);
  const runtime = await runtimeOrRefuse(session, entry, language);
  if (!runtime) return 2;
  const { folder } = session.start(entry, language);
  // As `npm run invoke`: the response on stdout, the log (and a slow build's progress) on stderr.
  const building = slowStep(process.stderr, true, progressAfterMs());
  return withTarget(opts, async (target) => {
    let ok: boolean;
    try {
      ok = await invokeLab({
        target,
        entry,
        language,
        runtime,
        codeFolder: folder,
        event,
        repeat: opts.repeat,
        onLog: (line) => process.stderr.write(`${line.replace(/\r(?!$)/g, '\n').replace(/\r$/, '')}\n`),
        onResult: (invocation) => process.stdout.write(`${invocation.payload}\n`),
        onDeploy: (phase) => (phase === 'start' ? building.start(deployLabel(language)) : building.end()),
      });
    } catch (error) {
      if (error instanceof LambdaServiceError || error instanceof TargetRefused) console.error(`Lambda refused the function: ${error.type}: ${error.message}`);
      else if (error instanceof CodeBuildError) console.error(`Your code did not compile:\n${error.output.trimEnd()}`);
      else if (error instanceof SettingsFileError) console.error(error.message);
      else throw error;
      return 2;
    }
    return ok ? 0 : 1;
  });
}

/** `--template`: the lab's function as a SAM template, for sam deploy. */
async function writeTemplate(session: CourseSession, entry: LabEntry, language: Language, opts: LabOptions): Promise<number> {
  const { runtime } = await session.runtime(language);
  const { folder } = session.start(entry, language);
  const text = labTemplate({ lab: entry.lab, language, runtime, codeFolder: folder, templateFolder: opts.output ? dirname(resolve(opts.output)) : process.cwd() });
  if (opts.output) {
    writeFileSync(opts.output, text);
    console.error(`Wrote ${opts.output}: deploy it with sam build --template ${opts.output} && sam deploy --guided`);
  } else process.stdout.write(text);
  return 0;
}

async function gradeAll(session: CourseSession, opts: LabOptions, s: Style): Promise<number> {
  const started = session.started(opts.lang);
  if (started.length === 0) {
    console.error(`You have not started a lab${opts.lang ? ` in ${languageNames[opts.lang]}` : ''} yet: start with npm run lab 1`);
    return 1;
  }
  const human = opts.reporter === 'terminal' || opts.output !== undefined;
  const results: Array<{ result: LabResult; entry: LabEntry }> = [];
  await withTarget(opts, async (target) => {
    for (const { entry, language } of started) {
      const { runtime, toolchain } = await session.runtime(language);
      if (!toolchain) {
        if (human) console.log(`${s.bold(`Lab ${entry.number} · ${entry.lab.title}`)} ${s.dim(`(${languageNames[language]}: its toolchain is not installed, skipped)`)}`);
        continue;
      }
      if (human) console.log(`${s.bold(`Lab ${entry.number} · ${entry.lab.title}`)} ${s.dim(`(${languageNames[language]})`)}`);
      const building = slowStep(process.stdout, human, progressAfterMs());
      const result = await session.grade(entry, language, {
        target,
        runtime,
        onCheck: (c) => human && console.log(checkLine(c, s)),
        onDeploy: (phase) => (phase === 'start' ? building.start(deployLabel(language)) : building.end()),
        onTeardownProblem: leftBehind(target),
      });
      if (human) console.log(`${summary(result, s)}\n`);
      results.push({ result, entry });
    }
  });
  const passed = results.filter((r) => r.result.status === 'passed').length;
  if (human) console.log(`${passed} of ${results.length} labs passed.`);
  const report =
    opts.reporter === 'junit'
      ? toJUnit(results.map(({ result, entry }) => ({ result, title: entry.lab.title })))
      : opts.reporter === 'json'
        ? `${JSON.stringify(results.map(({ result, entry }) => JSON.parse(toResultsJson(result, entry.lab.checks))), null, 2)}\n`
        : undefined;
  writeReport(opts, report);
  return passed === results.length ? 0 : 1;
}

async function grade(session: CourseSession, entry: LabEntry, language: Language, opts: LabOptions, s: Style): Promise<number> {
  const runtime = await runtimeOrRefuse(session, entry, language);
  if (!runtime) return 2;
  const human = opts.reporter === 'terminal' || opts.output !== undefined;
  const say = (text: string) => human && console.log(text);
  const { folder, created } = session.start(entry, language);
  if (created) say(`Lab ${entry.number}'s ${languageNames[language]} starter is in ${shownPath(folder)}.\nEdit ${entry.lab.entryFile[language] ?? 'the code there'}, then grade again with: npm run lab ${entry.number}\n`);
  const building = slowStep(process.stdout, human, progressAfterMs());
  const buildLabel = deployLabel(language);
  const next = session.nextLab(entry);

  return withTarget(opts, async (target) => {
    const gradeOnce = async (): Promise<LabResult> => {
      const where = target.kind === 'embedded' ? '' : `, on ${target.description}`;
      say(`${s.bold(`Lab ${entry.number} · ${entry.lab.title}`)} ${s.dim(`(${languageNames[language]}, ${runtime}, ${shownPath(folder)}${where})`)}\n`);
      const result = await session.grade(entry, language, {
        target,
        runtime,
        onCheck: (check) => say(checkLine(check, s)),
        onDeploy: (phase) => (phase === 'start' ? building.start(buildLabel) : building.end()),
        onTeardownProblem: leftBehind(target),
      });
      say(summary(result, s));
      writeReport(opts, opts.reporter === 'json' ? toResultsJson(result, entry.lab.checks) : opts.reporter === 'junit' ? toJUnit([{ result, title: entry.lab.title }]) : undefined);
      if (result.status === 'passed') {
        say(s.dim(`\n  Compare with the reference solution: npm run lab ${entry.number} -- --solution`));
        if (next) say(`  Next: lab ${next.number}, ${next.lab.title}: npm run lab ${next.number}`);
      } else if (result.status === 'failed') {
        say(s.dim(`\n  Stuck? Ask for the next hint: npm run lab ${entry.number} -- --hint`));
      }
      return result;
    };
    const result = await gradeOnce();
    if (!opts.watch) return result.status === 'passed' ? 0 : 1;
    await watchAndGrade({ session, entry, folder, first: result, grade: gradeOnce, say, s });
    return next;
  }).then(async (outcome) => {
    if (typeof outcome === 'number') return outcome;
    // The learner pressed n after a pass: the next lab, in the same language when it is offered.
    if (process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[3J\x1b[H');
    return grade(session, outcome!, await chooseLanguage(session, outcome!, outcome!.lab.languages.includes(language) ? language : undefined, true), opts, s);
  });
}

export async function main(args: string[]): Promise<number> {
  const opts = options(args);
  if (opts.help) {
    console.log(usage);
    return 0;
  }
  const s = style(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  try {
    const session = await CourseSession.open(labsFolder(), workspaceFolder());
    if (opts.check) return await runAuthorCheck(session, s);
    if (opts.all) return await gradeAll(session, opts, s);
    if (opts.number === undefined) return printList(session, s);
    const entry = session.lab(opts.number);
    if (opts.solution) return showSolution(session, entry, await chooseLanguage(session, entry, opts.lang, false));
    const language = await chooseLanguage(session, entry, opts.lang, true);
    if (opts.hint) return showHint(session, entry, language, s);
    if (opts.invoke !== undefined) return await invoke(session, entry, language, opts);
    if (opts.template) return await writeTemplate(session, entry, language, opts);
    if (opts.reset) {
      const { folder, backup } = session.reset(entry, language);
      console.log(`Lab ${entry.number} is back to its starter in ${shownPath(folder)}, and its status to not started.${backup ? ` Your previous code is kept in ${shownPath(backup)}.` : ''}`);
      return 0;
    }
    return await grade(session, entry, language, opts, s);
  } catch (error) {
    if (error instanceof CourseError || error instanceof InvokeEventError || error instanceof LabDefinitionError) throw new UsageError(error.message);
    throw error;
  }
}
