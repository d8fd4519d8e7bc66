// What a port in front of a remote endpoint can tell its observers: only the invocations it makes
// itself (a remote service's other invocations are its own CloudWatch's), each rebuilt from the
// log tail Invoke returns with LogType Tail (the last 4 KB: the REPORT line, and the function's
// last lines, where EMF documents may be). Throttled calls are told as throttles.
// REPORT format: docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html (and
// src/runtime/invoke/platform-log.ts, which writes it here).

import type { InvocationRecord, InvocationReport } from '../../runtime/types.ts';
import type { PortInvocation, PortInvocationResult, PortObserver } from '../lambda-port.ts';

const platformLine = /^(START|END|REPORT|INIT_START|INIT_REPORT|EXTENSION|TELEMETRY) /;

/** The REPORT line's figures, or undefined when the tail does not hold one. */
export function parseReportLine(line: string): InvocationReport | undefined {
  if (!line.startsWith('REPORT RequestId: ')) return undefined;
  const field = (name: string) => new RegExp(`${name}: ([^\\t]+)`).exec(line)?.[1];
  const number = (name: string) => {
    const value = field(name);
    return value === undefined ? undefined : Number.parseFloat(value);
  };
  const durationMs = number('Duration');
  const billedDurationMs = number('Billed Duration');
  const memorySizeMB = number('Memory Size');
  if (durationMs === undefined || billedDurationMs === undefined || memorySizeMB === undefined) return undefined;
  const initDurationMs = number('Init Duration');
  const status = field('Status');
  const errorType = field('Error Type');
  return {
    requestId: field('RequestId')!.trim(),
    durationMs,
    billedDurationMs,
    memorySizeMB,
    maxMemoryUsedMB: number('Max Memory Used') ?? 0,
    ...(initDurationMs !== undefined ? { initDurationMs } : {}),
    status: status === 'timeout' || status === 'error' ? status : 'success',
    ...(errorType ? { errorType } : {}),
    environmentId: '',
    coldStart: initDurationMs !== undefined,
  };
}

/** The function name and qualifier in a name, "name:qualifier" or an ARN. */
function nameAndQualifier(functionName: string, qualifier?: string): { name: string; qualifier?: string } {
  const parts = functionName.startsWith('arn:') ? functionName.split(':').slice(6) : functionName.split(':');
  const q = qualifier ?? parts[1];
  return { name: parts[0]!, ...(q !== undefined ? { qualifier: q } : {}) };
}

/** Wraps a port's invoke so its observers hear of each synchronous invocation it makes. */
export class ObservedInvokes {
  private readonly observers = new Set<PortObserver>();
  private readonly underWay = new Map<string, number>();

  observe(observer: PortObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  async run(invocation: PortInvocation, invoke: () => Promise<PortInvocationResult>): Promise<PortInvocationResult> {
    if (this.observers.size === 0 || invocation.invocationType === 'Event') return invoke();
    const { name, qualifier } = nameAndQualifier(invocation.functionName, invocation.qualifier);
    const concurrentExecutions = (this.underWay.get(name) ?? 0) + 1;
    this.underWay.set(name, concurrentExecutions);
    const base = {
      functionName: name,
      ...(qualifier !== undefined ? { qualifier } : {}),
      invocationType: 'RequestResponse' as const,
      startedAt: Date.now(),
      concurrentExecutions,
      accountConcurrentExecutions: [...this.underWay.values()].reduce((a, b) => a + b, 0),
    };
    let result: PortInvocationResult;
    try {
      result = await invoke();
    } catch (error) {
      const e = error as { name?: string };
      if (e.name === 'TooManyRequestsException') this.tell({ ...base, executedVersion: '$LATEST', endedAt: Date.now(), throttled: true, functionError: false });
      throw error;
    } finally {
      const left = (this.underWay.get(name) ?? 1) - 1;
      if (left > 0) this.underWay.set(name, left);
      else this.underWay.delete(name);
    }
    const report = result.logs.map(parseReportLine).find((r) => r !== undefined);
    for (const line of result.logs) {
      const stream = platformLine.test(line) ? 'platform' : 'function';
      for (const observer of this.observers) observer.log?.({ functionName: name, requestId: result.requestId, environmentId: '', stream, message: line, timestamp: Date.now() });
    }
    const record: InvocationRecord = {
      ...base,
      executedVersion: result.executedVersion ?? '$LATEST',
      endedAt: Date.now(),
      throttled: false,
      functionError: result.functionError !== undefined,
      ...(report ? { report } : {}),
    };
    this.tell(record);
    return result;
  }

  private tell(record: InvocationRecord): void {
    for (const observer of this.observers) observer.invocation?.(record);
  }
}
