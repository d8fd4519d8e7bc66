// The shape of labs/NN-slug/lab.ts: the one record of a lab that the grader, the CLI,
// the site and the tests all read.

export type Language = 'nodejs' | 'python' | 'java' | 'dotnet' | 'go' | 'ruby' | 'provided';

export interface LabFunctionConfig {
  /** Handler string per language, as Lambda reads it ("index.handler", "app.handler"). */
  handler: Partial<Record<Language, string>>;
  memorySize?: number;
  timeout?: number;
  environment?: Record<string, string>;
  /**
   * The folder (relative to the learner's code folder) that is the function's code, when the
   * lab also has layers beside it, e.g. "function" with layers in "layers/<name>".
   */
  codeDirectory?: string;
}

export interface LabDefinition {
  number: number;
  title: string;
  /** The lesson this lab practises (its number in content/lessons). */
  lesson: number;
  /** One sentence: what the learner builds. */
  summary: string;
  languages: Language[];
  /** The file (per language) the learner edits, relative to the code folder. */
  entryFile: Partial<Record<Language, string>>;
  function: LabFunctionConfig;
  /** What the lab asks its target for besides the function (a key service), instead of making it itself. */
  needs?: import('./targets/lab-target.ts').LabNeeds;
  checks: Check[];
  /**
   * What each starter gets wrong, which the author's check proves: the checks it fails, by name
   * (the others pass), one list for every language or a list per language where the starters
   * differ; or, when the task starts with a configuration Lambda refuses, the error type and
   * the check whose hints explain the refusal (`--hint` starts there).
   */
  starterFails: string[] | Partial<Record<Language, string[]>> | { refusedWith: string; explainedBy: string };
}

/**
 * Text that is the same in every language of the lab (a string, which then names no
 * language's API), or one text per language where it names an API or shows code.
 */
export type LanguageText = string | Partial<Record<Language, string>>;

/** A check's hints, revealed one at a time (`npm run lab N -- --hint`), as rustlings and Exercism do. */
export interface HintStages {
  /** First: the idea, in no language's terms. */
  concept: string;
  /** Then: the API (function, field, setting) to use, in the learner's language. */
  api: LanguageText;
  /** Last: the code, in the learner's language. */
  code: LanguageText;
}

export interface Check {
  /** Shown next to ✓ or ✗, and listed on the lab's page. */
  name: string;
  /** What the check proves, for the lab's page and reports: in no language's terms. */
  description: string;
  hints: HintStages;
  run: (context: CheckContext) => Promise<CheckOutcome>;
}

export type CheckOutcome =
  | { status: 'passed'; detail?: string }
  | { status: 'failed'; message: string; expected: unknown; actual: unknown };

/** What a check may use: only what a Lambda user sees. Filled in by the grader. */
export interface CheckContext {
  /** The deployed function. */
  target: import('./target.ts').LambdaTarget;
  functionName: string;
  language: Language;
  /** Where it runs: embedded, endpoint or aws (a check may say what it cannot prove there). */
  targetKind: import('./targets/lab-target.ts').TargetKind;
  /** The official AWS SDK clients, pointed at the target: the same calls here and on AWS. */
  clients: import('./targets/lab-target.ts').AwsClients;
  /** The endpoint and the function's name and ARN, as `serve --outputs` writes them. */
  outputs: import('./targets/lab-target.ts').TargetOutputs;
  /** What lab.ts `needs` asked for, as the target provided it. */
  needs: import('./targets/lab-target.ts').ProvidedNeeds;
  /**
   * The learner's code folder, as graded: for a check that runs the learner's own unit tests on
   * this machine (a check of the code, not of the function, so it is the same on every target).
   */
  codeFolder: string;
}

export function defineLab(lab: LabDefinition): LabDefinition {
  return lab;
}
