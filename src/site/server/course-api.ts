// The course server's JSON API: what the lab page does (open a lab in a language, save a file,
// run, grade, hint, reset, solution) as calls into src/grader/course-session.ts, the same
// session the terminal's `npm run lab` uses, so the page and the terminal cannot drift. Text
// shown to the learner (a check's ✓/✗ block, the summary) comes from the terminal reporter.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, normalize, relative, sep } from 'node:path';
import { CodeBuildError, LambdaServiceError } from '../../runtime/errors.ts';
import type { LabTarget } from '../../grader/targets/lab-target.ts';
import type { LabEntry } from '../../grader/catalogue.ts';
import { CourseError, type CourseSession } from '../../grader/course-session.ts';
import { SettingsFileError } from '../../grader/deployment.ts';
import { hintLabels } from '../../grader/hints.ts';
import { invokeLab } from '../../grader/lab-invoke.ts';
import type { Language } from '../../grader/lab-types.ts';
import { isLanguage, languageNames } from '../../grader/languages.ts';
import { checkLine, style, summary } from '../../grader/reporters/terminal.ts';
import { Workspace } from '../../grader/workspace.ts';

const plain = style(false);

/** A request the page can correct: answered 400 with the message. */
export class ApiRequestError extends Error {
  override name = 'ApiRequestError';
}

export type Send = (message: object) => void;

/** One grading or run at a time: they share one Lambda service and the learner's files. */
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}

const deployLabel = (language: Language) => (['java', 'dotnet', 'go'].includes(language) ? `Building your ${languageNames[language]} code…` : 'Deploying your function…');

export class CourseApi {
  readonly session: CourseSession;
  private readonly target: LabTarget;
  private readonly projectRoot: string;

  /** Called with each lab folder a page opens, so its changes on disk reach the page. */
  onOpen?: (slug: string, language: Language, folder: string) => void;

  constructor(session: CourseSession, target: LabTarget, projectRoot: string) {
    this.session = session;
    this.target = target;
    this.projectRoot = projectRoot;
  }

  private shown(folder: string): string {
    return relative(this.projectRoot, folder) || '.';
  }

  lab(number: unknown): LabEntry {
    const n = Number(number);
    if (!Number.isInteger(n)) throw new ApiRequestError(`The lab must be a number such as 1, not ${JSON.stringify(number)}.`);
    try {
      return this.session.lab(n);
    } catch (error) {
      if (error instanceof CourseError) throw new ApiRequestError(error.message);
      throw error;
    }
  }

  /** The language asked for, which the lab must offer. */
  language(entry: LabEntry, value: unknown): Language {
    if (typeof value !== 'string' || !isLanguage(value)) throw new ApiRequestError(`"language" must be one of ${entry.lab.languages.join(', ')}, not ${JSON.stringify(value)}.`);
    try {
      this.session.checkOffered(entry, value);
    } catch (error) {
      if (error instanceof CourseError) throw new ApiRequestError(error.message);
      throw error;
    }
    return value;
  }

  /** Every lab with its progress per language, the course total and the remembered language. */
  course(): object {
    const progress = this.session.progress();
    return {
      language: progress.language ?? null,
      total: this.session.total(),
      labs: this.session.overview().map(({ entry, languages }) => ({
        number: entry.number,
        slug: entry.slug,
        title: entry.lab.title,
        passed: languages.some((l) => l.status === 'passed'),
        languages,
      })),
    };
  }

  /** The language the page opens a lab in: the remembered choice when the lab offers it, as the CLI does. */
  defaultLanguage(entry: LabEntry): Language {
    const { language } = this.session.languageFor(entry, undefined, false);
    return language ?? (entry.lab.languages.includes('nodejs') ? 'nodejs' : entry.lab.languages[0]!);
  }

  /** Opens a lab in a language (the starter is copied in on first use) and remembers the language, as --lang does. */
  open(entry: LabEntry, language: Language): object {
    if (entry.lab.languages.length > 1) this.session.rememberLanguage(language);
    const { folder, created } = this.session.start(entry, language);
    this.onOpen?.(entry.slug, language, folder);
    const record = this.session.progress().labs[entry.number]?.[language];
    return {
      lab: entry.number,
      language,
      languages: entry.lab.languages,
      folder: this.shown(folder),
      created,
      entryFile: entry.lab.entryFile[language] ?? null,
      files: this.files(folder),
      event: this.exampleEvent(entry),
      status: record?.status ?? 'not started',
      solutionUnlocked: Boolean(record?.everPassed),
    };
  }

  /** The files the learner edits: sources, not build output. */
  private files(folder: string): Array<{ file: string; text: string }> {
    return Workspace.files(folder)
      .filter((file) => !file.split(sep).some((part) => part.startsWith('.') || ['target', 'bin', 'obj', 'node_modules'].includes(part)))
      .filter((file) => !/\.(sum|lock)$/.test(file))
      .map((file) => ({ file: file.split(sep).join('/'), text: readFileSync(join(folder, file), 'utf8') }));
  }

  /** The event the README's first "--invoke" example uses, so Run starts from the lab's own example. */
  private exampleEvent(entry: LabEntry): string {
    const readme = join(entry.folder, 'README.md');
    const example = existsSync(readme) ? /--invoke '([^']+)'/.exec(readFileSync(readme, 'utf8'))?.[1] : undefined;
    return example ?? '{}';
  }

  /** Saves one file of the learner's code; only a file already there (the lab's own files). */
  save(entry: LabEntry, language: Language, file: unknown, text: unknown): object {
    if (typeof file !== 'string' || typeof text !== 'string') throw new ApiRequestError('Saving needs "file" (a path such as "index.mjs") and "text" (its content), both strings.');
    const folder = this.session.workspace.codeFolder(entry, language);
    const path = normalize(join(folder, file));
    if (!path.startsWith(folder + sep) || !existsSync(path)) {
      throw new ApiRequestError(`"${file}" is not a file of lab ${entry.number} in ${this.shown(folder)}. Only the lab's own files can be saved from the page.`);
    }
    writeFileSync(path, text);
    return { saved: file };
  }

  /** Grades as `npm run lab N` does, sending each check as it finishes with the terminal's own text. */
  grade(entry: LabEntry, language: Language, send: Send): Promise<void> {
    return oneAtATime(async () => {
      const { runtime, toolchain, installHint } = await this.session.runtime(language);
      if (!toolchain) {
        send({ type: 'error', text: `Lab ${entry.number} in ${languageNames[language]} needs the ${languageNames[language]} toolchain, which this machine does not have. ${installHint}` });
        return;
      }
      const { folder } = this.session.start(entry, language);
      send({ type: 'line', text: `Lab ${entry.number} · ${entry.lab.title} (${languageNames[language]}, ${runtime}, ${this.shown(folder)})` });
      const result = await this.session.grade(entry, language, {
        target: this.target,
        runtime,
        onCheck: (check) => send({ type: 'check', check, text: checkLine(check, plain) }),
        onDeploy: (phase) => send({ type: 'progress', phase, label: deployLabel(language) }),
      });
      const next = this.session.nextLab(entry);
      send({
        type: 'done',
        status: result.status,
        text: summary(result, plain),
        passed: result.checks.filter((c) => c.status === 'passed').length,
        total: result.checks.length,
        next: result.status === 'passed' && next ? { number: next.number, slug: next.slug, title: next.lab.title } : null,
      });
    });
  }

  /** Runs the learner's function once with the event, as `npm run lab N -- --invoke` does. */
  run(entry: LabEntry, language: Language, eventText: unknown, send: Send): Promise<void> {
    if (typeof eventText !== 'string') throw new ApiRequestError('Run needs "event": the event as JSON text, such as {"name": "Ada"}.');
    let event: unknown;
    try {
      event = JSON.parse(eventText);
    } catch (error) {
      throw new ApiRequestError(`The event must be JSON, such as {"name": "Ada"}: ${(error as Error).message}`);
    }
    return oneAtATime(async () => {
      const { runtime, toolchain, installHint } = await this.session.runtime(language);
      if (!toolchain) return send({ type: 'error', text: `${languageNames[language]} is not installed here. ${installHint}` });
      const { folder } = this.session.start(entry, language);
      try {
        const ok = await invokeLab({
          target: this.target,
          entry,
          language,
          runtime,
          codeFolder: folder,
          event,
          repeat: 1,
          onLog: (line) => send({ type: 'log', line: line.replace(/\r(?!$)/g, '\n').replace(/\r$/, '') }),
          onResult: (invocation) =>
            send({ type: 'result', payload: invocation.payload, functionError: invocation.functionError ?? null, elapsedMs: invocation.elapsedMs, report: invocation.report ?? null }),
          onDeploy: (phase) => send({ type: 'progress', phase, label: deployLabel(language) }),
        });
        send({ type: 'done', ok });
      } catch (error) {
        if (error instanceof LambdaServiceError) send({ type: 'error', text: `Lambda refused the function: ${error.type}: ${error.message}` });
        else if (error instanceof CodeBuildError) send({ type: 'error', text: `Your code did not compile:\n${error.output.trimEnd()}` });
        else if (error instanceof SettingsFileError) send({ type: 'error', text: error.message });
        else throw error;
      }
    });
  }

  /** The next hint stage, in the words `npm run lab N -- --hint` prints. */
  hint(entry: LabEntry, language: Language): object {
    const step = this.session.nextHint(entry, language);
    return {
      check: step.check.name,
      total: step.total,
      exhausted: step.exhausted,
      hints: step.shown.map((hint) => ({ stage: hint.stage, label: `${hint.stage}/${step.total} ${hintLabels[hint.kind]}`, text: hint.text })),
    };
  }

  /** Back to the starter; the old code goes to workspace/.backups/, as --reset does. */
  reset(entry: LabEntry, language: Language): object {
    const { folder, backup } = this.session.reset(entry, language);
    const message = `Lab ${entry.number} is back to its starter in ${this.shown(folder)}, and its status to not started.${backup ? ` Your previous code is kept in ${this.shown(backup)}.` : ''}`;
    return { message, backup: backup ? this.shown(backup) : null, files: this.files(folder) };
  }

  /** The reference solution once the lab passed in this language; else why not. */
  solution(entry: LabEntry, language: Language): { files?: Array<{ file: string; text: string }>; message?: string } {
    const files = this.session.solution(entry, language);
    if (files) return { files: files.map(({ file, text }) => ({ file: file.split(sep).join('/'), text })) };
    return { message: `The reference solution of lab ${entry.number} unlocks once your ${languageNames[language]} code passes every check. Keep going, or ask for a hint.` };
  }
}
