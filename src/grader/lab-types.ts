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
  checks: Check[];
}

export interface Check {
  /** Shown next to ✓ or ✗, and listed on the lab's page. */
  name: string;
  /** What the check proves, for the lab's page. */
  description: string;
  /** Shown when the check fails. */
  hint: string;
  run: (context: CheckContext) => Promise<CheckOutcome>;
}

export type CheckOutcome =
  | { status: 'passed'; detail?: string }
  | { status: 'failed'; message: string; expected: unknown; actual: unknown };

/** What a check may use: only what a Lambda user sees. Filled in by the grader. */
export interface CheckContext {
  target: import('./target.ts').LambdaTarget;
  functionName: string;
  language: Language;
}

export function defineLab(lab: LabDefinition): LabDefinition {
  return lab;
}
