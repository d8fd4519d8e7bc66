// Watches every invocation a check makes, for what ends the whole run rather than one check:
// code that does not load (shown once, instead of as failed checks), an init that never
// finishes and a handler that never returns (explained once; later invocations are refused
// at once instead of each waiting for the same timeout).

import { limits } from '../runtime/limits.ts';
import type { LambdaTarget, TargetInvocation, TargetInvokeRequest } from './target.ts';

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

/** Why the run stopped early: a stuck init or handler, with where it happened. */
export interface StopReason {
  kind: 'init-timeout' | 'handler-timeout';
  /** The check that was running. */
  check: string;
  /** The event it sent. */
  event: unknown;
  /** The limit that was reached, in seconds. */
  limitSeconds: number;
  /** The learner's file and line it was on, when the runtime's log tells. */
  file?: string;
  line?: number;
}

export class CodeDidNotLoad extends Error {
  readonly loadError: LoadError;
  constructor(loadError: LoadError) {
    super(loadError.message);
    this.loadError = loadError;
  }
}

/** Thrown to a check that invokes after the run stopped: it is skipped, not failed. */
export class RunStopped extends Error {
  readonly reason: StopReason;
  constructor(reason: StopReason) {
    super(`the run stopped: ${reason.kind}`);
    this.reason = reason;
  }
}

/** Errors that mean the code never ran: shown once, instead of as failed checks. */
const loadErrorTypes = new Set([
  'Runtime.ImportModuleError',
  'Runtime.UserCodeSyntaxError',
  'Runtime.HandlerNotFound',
  'Runtime.MalformedHandlerName',
  'Runtime.BuildError',
]);

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

function errorOf(invocation: TargetInvocation): { errorType?: string; errorMessage?: string } | undefined {
  if (!invocation.functionError) return undefined;
  try {
    return JSON.parse(invocation.payload);
  } catch {
    return undefined;
  }
}

export function loadErrorFrom(invocation: TargetInvocation): LoadError | undefined {
  const error = errorOf(invocation);
  if (!error) return undefined;
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

/** An INIT_REPORT of the init phase that ran out of time: Lambda's 10-second init limit. */
const isInitTimeout = (line: string) => line.startsWith('INIT_REPORT ') && line.includes('Phase: init') && line.includes('Status: timeout');

/** The seconds in "Task timed out after 3.00 seconds", Lambda's own message. */
function timedOutAfter(invocation: TargetInvocation): number | undefined {
  const error = errorOf(invocation);
  const timedOut = error?.errorType === 'Sandbox.Timedout' || invocation.report?.status === 'timeout';
  if (!timedOut) return undefined;
  const seconds = /timed out after ([\d.]+) seconds/.exec(error?.errorMessage ?? '')?.[1];
  return seconds ? Math.round(Number(seconds)) : Math.round((invocation.report?.durationMs ?? 0) / 1000);
}

export class WatchedTarget implements LambdaTarget {
  private readonly inner: LambdaTarget;
  /** The check now running, named in a stop reason. */
  currentCheck = '';
  stopped?: StopReason;

  constructor(inner: LambdaTarget) {
    this.inner = inner;
  }

  async invoke(request: TargetInvokeRequest = {}): Promise<TargetInvocation> {
    if (this.stopped) throw new RunStopped(this.stopped);
    const event = request.payload ?? {};
    const invocation = await this.invokeUnlessInitHangs(request, event);
    const loadError = loadErrorFrom(invocation);
    if (loadError) throw new CodeDidNotLoad(loadError);
    if (invocation.logs.some((l) => l.startsWith('INIT_REPORT ') && l.includes('Status: timeout'))) {
      this.stopped = { kind: 'init-timeout', check: this.currentCheck, event, limitSeconds: limits.initDuration.max };
      throw new RunStopped(this.stopped);
    }
    const seconds = timedOutAfter(invocation);
    if (seconds !== undefined) {
      const where = locate(invocation.logs.join('\n'));
      // The check still sees this invocation and may explain the timeout in its own terms; the next invocation is refused.
      this.stopped = { kind: 'handler-timeout', check: this.currentCheck, event, limitSeconds: seconds, ...(where ?? {}) };
    }
    return invocation;
  }

  /** Stops waiting as soon as the log shows the init ran out of time: the invocation would only time out again. */
  private async invokeUnlessInitHangs(request: TargetInvokeRequest, event: unknown): Promise<TargetInvocation> {
    if (!this.inner.watchLogs) return this.inner.invoke(request);
    let unwatch = () => {};
    const initHung = new Promise<never>((_, reject) => {
      unwatch = this.inner.watchLogs!((line) => {
        if (!isInitTimeout(line)) return;
        this.stopped = { kind: 'init-timeout', check: this.currentCheck, event, limitSeconds: limits.initDuration.max };
        reject(new RunStopped(this.stopped));
      });
    });
    const invocation = this.inner.invoke(request);
    invocation.catch(() => undefined); // deleting the function at the end of the run settles it
    try {
      return await Promise.race([invocation, initHung]);
    } finally {
      unwatch();
    }
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
