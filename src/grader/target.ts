// What a check can reach: a deployed function, seen as a Lambda user sees one. The first
// implementation is the embedded runtime; a remote Lambda endpoint can implement it later,
// which is why nothing here exposes the runtime's insides.

export interface TargetInvokeRequest {
  /** The event; an object is JSON-encoded, a string is sent as is. */
  payload?: unknown;
  invocationType?: 'RequestResponse' | 'Event' | 'DryRun';
  /** A version number or alias name; $LATEST when absent. */
  qualifier?: string;
}

export interface ReportFields {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMB: number;
  maxMemoryUsedMB: number;
  initDurationMs?: number;
  status?: string;
  errorType?: string;
}

export interface TargetInvocation {
  statusCode: number;
  /** "Unhandled" when the function failed. */
  functionError?: string;
  /** The payload text as Lambda returned it. */
  payload: string;
  /** The invocation's log lines, START to REPORT. */
  logs: string[];
  /** The REPORT line, parsed; undefined when there is none (asynchronous invocations). */
  report?: ReportFields;
  /** Wall-clock time the caller waited, in ms. */
  elapsedMs: number;
  /** The version that ran ($LATEST, or a number when invoked through a version or alias). */
  executedVersion: string;
}

export interface TargetAlias {
  name: string;
  functionVersion: string;
  /** Extra version and the share (0 to 1) of invocations it gets. */
  routing?: { version: string; weight: number };
}

export interface TargetConfiguration {
  memorySize: number;
  timeout: number;
  environment: Record<string, string>;
}

export interface LambdaTarget {
  invoke(request?: TargetInvokeRequest): Promise<TargetInvocation>;
  configuration(): Promise<TargetConfiguration>;
  updateConfiguration(changes: Partial<TargetConfiguration>): Promise<void>;
  /** Publishes $LATEST as a new version; returns its number. */
  publishVersion(description?: string): Promise<string>;
  /** Creates the alias, or moves it when it exists. */
  putAlias(alias: TargetAlias): Promise<void>;
  /**
   * Calls the listener with each log line of the function as it is written (as CloudWatch Logs
   * live tail shows them), until the returned function is called. Optional: a target that
   * cannot stream logs leaves it out.
   */
  watchLogs?(listener: (line: string) => void): () => void;
}

/** Reads a REPORT line back into numbers: checks depend on the log, as a Lambda user would. */
export function parseReport(logs: string[]): ReportFields | undefined {
  const line = logs.findLast((l) => l.startsWith('REPORT RequestId: '));
  if (!line) return undefined;
  const field = (name: string) => new RegExp(`${name}: ([^\\t]+)`).exec(line)?.[1];
  const number = (name: string) => {
    const value = field(name);
    return value === undefined ? undefined : Number.parseFloat(value);
  };
  const init = number('Init Duration');
  const status = field('Status');
  const errorType = field('Error Type');
  return {
    requestId: field('RequestId')!.trim(),
    durationMs: number('Duration') ?? 0,
    billedDurationMs: number('Billed Duration') ?? 0,
    memorySizeMB: number('Memory Size') ?? 0,
    maxMemoryUsedMB: number('Max Memory Used') ?? 0,
    ...(init !== undefined ? { initDurationMs: init } : {}),
    ...(status ? { status: status.trim() } : {}),
    ...(errorType ? { errorType: errorType.trim() } : {}),
  };
}
