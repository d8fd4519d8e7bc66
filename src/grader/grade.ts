// Grades one lab: deploys the code, runs each check in order and collects what passed,
// what failed (expected and actual) or why nothing could run (the code did not load).

import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { CodeBuildError, LambdaServiceError } from '../runtime/errors.ts';
import { deployLab, SettingsFileError, type Deployment } from './deployment.ts';
import type { Check, LabDefinition, Language } from './lab-types.ts';
import { TargetRefused, type LabTarget } from './targets/lab-target.ts';
import { hintStages } from './hints.ts';
import { asJson } from './reporters/notation.ts';
import { CodeDidNotLoad, RunStopped, WatchedTarget, type LoadError, type StopReason } from './watched-target.ts';

export interface CheckResult {
  name: string;
  /** skipped: not run, because a stuck init or handler stopped the run (LabResult.stopped says which). */
  status: 'passed' | 'failed' | 'skipped';
  message?: string;
  expected?: unknown;
  actual?: unknown;
  hint?: string;
  durationMs: number;
}

export type { LoadError, StopReason } from './watched-target.ts';
export { locate } from './watched-target.ts';

export interface LabResult {
  lab: number;
  language: Language;
  status: 'passed' | 'failed' | 'error';
  checks: CheckResult[];
  error?: LoadError;
  /** Set when a stuck init or handler ended the run early; later checks that invoke are skipped. */
  stopped?: StopReason;
  durationMs: number;
}

/** Node reports an ES module's syntax error without its place; `node --check` finds it. */
function syntaxErrorPlace(codeFolder: string, entryFile: string | undefined): { file: string; line: number } | undefined {
  if (!entryFile || !/\.(mjs|cjs|js)$/.test(entryFile)) return undefined;
  const check = spawnSync(process.execPath, ['--check', join(codeFolder, entryFile)], { encoding: 'utf8', timeout: 10_000 });
  const match = /^(.*):(\d+)$/m.exec(check.stderr ?? '');
  return match ? { file: relative(codeFolder, match[1]!.replace(/^file:\/\//, '')), line: Number(match[2]) } : undefined;
}

/** The hint stages revealed so far for a failed check, at least the first (the idea), one per line. */
function hintText(check: Check, language: Language, revealed = 1): string {
  return hintStages(check.hints, language)
    .slice(0, Math.max(1, revealed))
    .map((h) => h.text)
    .join('\n');
}

/** An error a check met, as the learner should read it: Lambda's (or the SDK's) type and message. */
function errorText(error: unknown): string {
  if (error instanceof LambdaServiceError || error instanceof TargetRefused) return `${error.type}: ${error.message}`;
  const sdk = error as { name?: string; message?: string; $metadata?: unknown };
  if (sdk && typeof sdk === 'object' && sdk.$metadata && sdk.name) return `${sdk.name}: ${sdk.message}`;
  return String((error as Error)?.message ?? error);
}

async function runCheck(check: Check, target: WatchedTarget, deployment: Deployment, labTarget: LabTarget, language: Language, options: Pick<GradeOptions, 'hintsRevealed' | 'codeFolder'>): Promise<CheckResult> {
  const started = performance.now();
  const base = { name: check.name, durationMs: 0 };
  const stoppedBefore = target.stopped;
  target.currentCheck = check.name;
  try {
    const outcome = await check.run({
      target,
      functionName: deployment.outputs.functions.Function!.name,
      language,
      targetKind: labTarget.kind,
      clients: labTarget.clients,
      outputs: deployment.outputs,
      needs: deployment.needs,
      codeFolder: options.codeFolder,
    });
    base.durationMs = performance.now() - started;
    if (outcome.status === 'passed') return { ...base, status: 'passed' };
    // A handler that timed out in this check: say so once, before the check's own words.
    const stuck = !stoppedBefore && target.stopped ? `${stuckMessage(target.stopped)}\n` : '';
    return { ...base, status: 'failed', message: `${stuck}${outcome.message}`, expected: outcome.expected, actual: outcome.actual, hint: hintText(check, language, options.hintsRevealed?.[check.name]) };
  } catch (error) {
    if (error instanceof CodeDidNotLoad) throw error;
    base.durationMs = performance.now() - started;
    if (error instanceof RunStopped) {
      // Stopped by an earlier check: this one is skipped. Stopped here: this check failed, and says why once.
      if (stoppedBefore) return { ...base, status: 'skipped' };
      return { ...base, status: 'failed', message: stuckMessage(error.reason), expected: 'an answer', actual: 'no answer', hint: hintText(check, language, options.hintsRevealed?.[check.name]) };
    }
    const actual = errorText(error);
    return { ...base, status: 'failed', message: 'the check could not complete', expected: 'a completed invocation', actual, hint: hintText(check, language, options.hintsRevealed?.[check.name]) };
  }
}

/** One sentence for a stuck init or handler, naming the check and the event. */
export function stuckMessage(reason: StopReason): string {
  const json = (typeof reason.event === 'string' ? JSON.stringify(reason.event) : asJson(reason.event)).replace(/\s*\n\s*/g, ' ');
  const event = json.length > 160 ? `${json.slice(0, 160)}…` : json;
  const where = reason.file ? ` It was on ${reason.file}${reason.line ? `, line ${reason.line}` : ''}.` : '';
  return reason.kind === 'init-timeout'
    ? `Your function's init (the code outside the handler) did not finish within ${reason.limitSeconds} s, Lambda's limit for init, so the function never answered (check "${reason.check}", event ${event}).${where}`
    : `Your handler did not return within ${reason.limitSeconds} s, the function's timeout, so Lambda stopped it (check "${reason.check}", event ${event}).${where}`;
}

export interface GradeOptions {
  /** Where the function runs: embedded, an endpoint, or AWS. */
  target: LabTarget;
  lab: LabDefinition;
  language: Language;
  runtime: string;
  codeFolder: string;
  /** Called as each check finishes, so a terminal can show progress. */
  onCheck?: (result: CheckResult, index: number, total: number) => void;
  /** How many hint stages the learner has revealed, per check name; a failed check shows them (at least the first). */
  hintsRevealed?: Record<string, number>;
  /** Called when deploying (and building) starts and ends, so a terminal can show a slow build. */
  onDeploy?: (phase: 'start' | 'end') => void;
  /** Called with what could not be deleted after the run (so the learner can delete it by hand). */
  onTeardownProblem?: (left: string[]) => void;
}

export async function gradeLab(options: GradeOptions): Promise<LabResult> {
  const { target: labTarget, lab, language, runtime, codeFolder } = options;
  const started = performance.now();
  const functionName = `lab${String(lab.number).padStart(2, '0')}-${language}`;
  const result = (status: LabResult['status'], checks: CheckResult[], error?: LoadError, stopped?: StopReason): LabResult => ({
    lab: lab.number,
    language,
    status,
    checks,
    ...(error ? { error } : {}),
    ...(stopped ? { stopped } : {}),
    durationMs: performance.now() - started,
  });

  options.onDeploy?.('start');
  let deployment: Deployment;
  try {
    deployment = await deployLab(labTarget, lab, language, runtime, codeFolder, functionName);
  } catch (error) {
    if (error instanceof LambdaServiceError || error instanceof TargetRefused) {
      return result('error', [], { message: `Lambda refused the function: ${error.type}: ${error.message}`, errorType: error.type });
    }
    const sdk = error as { name?: string; message?: string; $metadata?: unknown };
    if (sdk?.name === 'CredentialsProviderError') {
      return result('error', [], {
        message: `No AWS credentials were found for ${labTarget.description}: the SDK looked where the AWS CLI looks (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ~/.aws/credentials, SSO). Run aws configure (or aws sso login), then grade again.`,
        errorType: sdk.name,
      });
    }
    if (labTarget.kind !== 'embedded' && sdk && typeof sdk === 'object' && sdk.name) {
      return result('error', [], { message: `${labTarget.description} refused the lab's resources: ${sdk.name}: ${sdk.message}`, errorType: sdk.name });
    }
    if (error instanceof SettingsFileError) return result('error', [], { message: error.message });
    if (error instanceof CodeBuildError) {
      return result('error', [], {
        message: error.message,
        errorType: 'CodeBuildError',
        ...(error.file ? { file: error.file } : {}),
        ...(error.line ? { line: error.line } : {}),
        details: error.output,
      });
    }
    throw error;
  } finally {
    options.onDeploy?.('end');
  }

  const target = new WatchedTarget(deployment.function);
  const checks: CheckResult[] = [];
  try {
    for (const [index, check] of lab.checks.entries()) {
      const checkResult = await runCheck(check, target, deployment, labTarget, language, options);
      checks.push(checkResult);
      options.onCheck?.(checkResult, index, lab.checks.length);
    }
  } catch (error) {
    if (error instanceof CodeDidNotLoad) {
      const loadError = error.loadError;
      if (loadError.errorType === 'Runtime.UserCodeSyntaxError' && !loadError.file) Object.assign(loadError, syntaxErrorPlace(codeFolder, lab.entryFile[language]));
      return result('error', [], loadError);
    }
    throw error;
  } finally {
    const left = await deployment.teardown();
    if (left.length > 0) options.onTeardownProblem?.(left);
  }
  return result(checks.every((c) => c.status === 'passed') ? 'passed' : 'failed', checks, undefined, target.stopped);
}
