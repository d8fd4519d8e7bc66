// Grades one lab: deploys the code, runs each check in order and collects what passed,
// what failed (expected and actual) or why nothing could run (the code did not load).

import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { CodeBuildError, LambdaServiceError } from '../runtime/errors.ts';
import type { LambdaService } from '../runtime/service.ts';
import { deployLab, SettingsFileError } from './deployment.ts';
import { EmbeddedTarget } from './embedded-target.ts';
import type { Check, LabDefinition, Language } from './lab-types.ts';
import type { LambdaTarget, TargetInvocation } from './target.ts';

export interface CheckResult {
  name: string;
  status: 'passed' | 'failed';
  message?: string;
  expected?: unknown;
  actual?: unknown;
  hint?: string;
  durationMs: number;
}

export interface LoadError {
  /** One line: what went wrong. */
  message: string;
  errorType?: string;
  /** Where, when the error says: the learner's file and line. */
  file?: string;
  line?: number;
  /** The full error as the runtime gave it. */
  details?: string;
}

export interface LabResult {
  lab: number;
  language: Language;
  status: 'passed' | 'failed' | 'error';
  checks: CheckResult[];
  error?: LoadError;
  durationMs: number;
}

/** Errors that mean the code never ran: shown once, instead of as failed checks. */
const loadErrorTypes = new Set([
  'Runtime.ImportModuleError',
  'Runtime.UserCodeSyntaxError',
  'Runtime.HandlerNotFound',
  'Runtime.MalformedHandlerName',
  'Runtime.BuildError',
]);

class CodeDidNotLoad extends Error {
  readonly loadError: LoadError;
  constructor(loadError: LoadError) {
    super(loadError.message);
    this.loadError = loadError;
  }
}

/**
 * Finds where an error points in the learner's code: "(file.py, line N)", 'File "...", line N'
 * or "file.ext:N", preferring paths inside the function's task root over the runtime's own.
 */
export function locate(text: string): { file: string; line: number } | undefined {
  const patterns = [/\(([\w./-]+\.\w+), line (\d+)\)/g, /File "([^"]+)", line (\d+)/g, /([\w./-]+\.(?:mjs|cjs|js|ts|py|rb|go|java|cs)):(\d+)/g];
  const found = patterns.flatMap((pattern) => [...text.matchAll(pattern)]).map((m) => ({ path: m[1]!, line: Number(m[2]) }));
  const best = found.find((f) => f.path.includes('/task/')) ?? found.find((f) => !f.path.includes('/runtimes/') && !f.path.startsWith('node:'));
  if (!best) return undefined;
  return { file: best.path.replace(/^.*\/task\//, ''), line: best.line };
}

/** Node reports an ES module's syntax error without its place; `node --check` finds it. */
function syntaxErrorPlace(codeFolder: string, entryFile: string | undefined): { file: string; line: number } | undefined {
  if (!entryFile || !/\.(mjs|cjs|js)$/.test(entryFile)) return undefined;
  const check = spawnSync(process.execPath, ['--check', join(codeFolder, entryFile)], { encoding: 'utf8', timeout: 10_000 });
  const match = /^(.*):(\d+)$/m.exec(check.stderr ?? '');
  return match ? { file: relative(codeFolder, match[1]!.replace(/^file:\/\//, '')), line: Number(match[2]) } : undefined;
}

function loadErrorFrom(invocation: TargetInvocation): LoadError | undefined {
  if (!invocation.functionError) return undefined;
  let error: { errorType?: string; errorMessage?: string } = {};
  try {
    error = JSON.parse(invocation.payload);
  } catch {
    return undefined;
  }
  // An init that failed (not one that was slow) means the code never ran.
  const initFailed = invocation.logs.some((l) => l.startsWith('INIT_REPORT ') && l.includes('\tStatus: error'));
  if (!initFailed && !(error.errorType && loadErrorTypes.has(error.errorType))) return undefined;
  const where = locate(`${error.errorMessage ?? ''}\n${invocation.payload}\n${invocation.logs.join('\n')}`);
  return {
    message: `${error.errorType ?? 'Error'}: ${error.errorMessage ?? ''}`.trim(),
    ...(error.errorType ? { errorType: error.errorType } : {}),
    ...(where ?? {}),
    details: invocation.payload,
  };
}

/** Watches every invocation a check makes and stops the run at the first that shows the code did not load. */
class LoadWatchingTarget implements LambdaTarget {
  private readonly inner: LambdaTarget;
  constructor(inner: LambdaTarget) {
    this.inner = inner;
  }
  async invoke(request?: Parameters<LambdaTarget['invoke']>[0]): Promise<TargetInvocation> {
    const invocation = await this.inner.invoke(request);
    const loadError = loadErrorFrom(invocation);
    if (loadError) throw new CodeDidNotLoad(loadError);
    return invocation;
  }
  configuration() {
    return this.inner.configuration();
  }
  updateConfiguration(changes: Parameters<LambdaTarget['updateConfiguration']>[0]) {
    return this.inner.updateConfiguration(changes);
  }
  publishVersion(description?: string) {
    return this.inner.publishVersion(description);
  }
  putAlias(alias: Parameters<LambdaTarget['putAlias']>[0]) {
    return this.inner.putAlias(alias);
  }
}

async function runCheck(check: Check, target: LambdaTarget, functionName: string, language: Language): Promise<CheckResult> {
  const started = performance.now();
  const base = { name: check.name, durationMs: 0 };
  try {
    const outcome = await check.run({ target, functionName, language });
    base.durationMs = performance.now() - started;
    if (outcome.status === 'passed') return { ...base, status: 'passed' };
    return { ...base, status: 'failed', message: outcome.message, expected: outcome.expected, actual: outcome.actual, hint: check.hint };
  } catch (error) {
    if (error instanceof CodeDidNotLoad) throw error;
    base.durationMs = performance.now() - started;
    const actual = error instanceof LambdaServiceError ? `${error.type}: ${error.message}` : String((error as Error)?.message ?? error);
    return { ...base, status: 'failed', message: 'the check could not complete', expected: 'a completed invocation', actual, hint: check.hint };
  }
}

export interface GradeOptions {
  service: LambdaService;
  lab: LabDefinition;
  language: Language;
  runtime: string;
  codeFolder: string;
  /** Called as each check finishes, so a terminal can show progress. */
  onCheck?: (result: CheckResult, index: number, total: number) => void;
}

export async function gradeLab(options: GradeOptions): Promise<LabResult> {
  const { service, lab, language, runtime, codeFolder } = options;
  const started = performance.now();
  const functionName = `lab${String(lab.number).padStart(2, '0')}-${language}`;
  const result = (status: LabResult['status'], checks: CheckResult[], error?: LoadError): LabResult => ({
    lab: lab.number,
    language,
    status,
    checks,
    ...(error ? { error } : {}),
    durationMs: performance.now() - started,
  });

  try {
    if (service.listFunctions().some((f) => f.FunctionName === functionName)) await service.deleteFunction(functionName);
    await deployLab(service, lab, language, runtime, codeFolder, functionName);
  } catch (error) {
    if (error instanceof LambdaServiceError) {
      return result('error', [], { message: `Lambda refused the function: ${error.type}: ${error.message}`, errorType: error.type });
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
  }

  const target = new LoadWatchingTarget(new EmbeddedTarget(service, functionName));
  const checks: CheckResult[] = [];
  try {
    for (const [index, check] of lab.checks.entries()) {
      const checkResult = await runCheck(check, target, functionName, language);
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
    await service.deleteFunction(functionName).catch(() => undefined);
  }
  return result(checks.every((c) => c.status === 'passed') ? 'passed' : 'failed', checks);
}
