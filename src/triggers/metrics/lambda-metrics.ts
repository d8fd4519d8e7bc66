// Lambda's own metrics (namespace AWS/Lambda), made from one record per invocation, and the small
// recording API the event source mappings and the recursion guard call for the metrics only they
// can know:
//
//   metrics.iteratorAge(functionName, ageMs, { qualifier?, executedVersion? })   stream mappings, per batch
//   metrics.recursiveInvocationDropped(functionName, { qualifier? })              recursion guard, per dropped event
//   metrics.deadLetterError(functionName, { qualifier? })                         async failure not delivered to its DLQ
//   metrics.destinationDeliveryFailure(functionName, { qualifier? })              record not delivered to its destination
//
// (`metrics` is the LambdaMetrics the stack's CloudWatch monitor holds: lambdaMetricsIn(context.shared)
// in a stack part, see cloudwatch-monitor.ts.)
//
// What Lambda sends, per docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics.html (stored copy:
// awsdocs/aws-lambda-developer-guide doc_source/monitoring-metrics.md):
// - Invocation metrics are binary indicators of each invocation's outcome: Invocations 1, Errors 0
//   or 1. Throttled requests count as Throttles only, never as Invocations or Errors.
// - Duration is the function code's time (the REPORT's Duration, without init).
// - ConcurrentExecutions: instances processing events, best read with Maximum.
// - IteratorAge: for stream mappings, the age of the last record in the batch.
// - The timestamp is when the function was invoked, not when the metric was sent.
// Dimension sets, as Lambda emits them and CloudWatch's console groups them: none (across all
// functions), FunctionName, FunctionName+Resource (Resource is the name, or name:qualifier for a
// version or alias, as in aws/aws-cdk commit ce08853 "generate correct metrics for aliases"), and
// FunctionName+Resource+ExecutedVersion for an alias invocation (which version the alias ran).

import type { Clock } from '../../runtime/clock.ts';
import type { InvocationRecord } from '../../runtime/types.ts';
import type { Dimension, MetricStore } from './metric-store.ts';

export const lambdaNamespace = 'AWS/Lambda';

export interface Invoked {
  /** The version or alias the caller named. */
  qualifier?: string;
  /** The version that ran, when an alias chose it. */
  executedVersion?: string;
}

/** The dimension sets one invocation's metrics are recorded under. */
export function lambdaDimensionSets(functionName: string, invoked: Invoked = {}): Dimension[][] {
  const resource = invoked.qualifier === undefined ? functionName : `${functionName}:${invoked.qualifier}`;
  const sets: Dimension[][] = [[], [{ Name: 'FunctionName', Value: functionName }], [{ Name: 'FunctionName', Value: functionName }, { Name: 'Resource', Value: resource }]];
  const viaAlias = invoked.qualifier !== undefined && invoked.qualifier !== '$LATEST' && !/^\d+$/.test(invoked.qualifier);
  if (viaAlias && invoked.executedVersion !== undefined) {
    sets.push([...sets[2]!, { Name: 'ExecutedVersion', Value: invoked.executedVersion }]);
  }
  return sets;
}

export class LambdaMetrics {
  private readonly store: MetricStore;
  private readonly clock: Clock;

  constructor(store: MetricStore, clock: Clock) {
    this.store = store;
    this.clock = clock;
  }

  /** One invocation (or throttle), stamped with the time it was invoked on the stack's clock. */
  invocation(record: InvocationRecord): void {
    const invokedAt = this.clock.now() - Math.max(0, Date.now() - record.startedAt);
    const invoked = { ...(record.qualifier !== undefined ? { qualifier: record.qualifier } : {}), executedVersion: record.executedVersion };
    const put = (name: string, value: number, unit: string, functionLevel = value) => {
      for (const dimensions of lambdaDimensionSets(record.functionName, invoked)) {
        this.store.record({ namespace: lambdaNamespace, name, dimensions }, dimensions.length === 0 ? functionLevel : value, unit, invokedAt);
      }
    };
    if (record.throttled) {
      put('Throttles', 1, 'Count');
      return;
    }
    put('Invocations', 1, 'Count');
    put('Errors', record.functionError ? 1 : 0, 'Count');
    put('Throttles', 0, 'Count');
    if (record.report) put('Duration', record.report.durationMs, 'Milliseconds');
    put('ConcurrentExecutions', record.concurrentExecutions, 'Count', record.accountConcurrentExecutions);
  }

  /** A stream mapping's batch: the age of its last record when the mapping sent it (ms). */
  iteratorAge(functionName: string, ageMs: number, invoked: Invoked = {}): void {
    this.put('IteratorAge', functionName, ageMs, 'Milliseconds', invoked);
  }

  /** An event that recursive loop detection stopped (RecursiveInvocationException). */
  recursiveInvocationDropped(functionName: string, invoked: Invoked = {}): void {
    this.put('RecursiveInvocationsDropped', functionName, 1, 'Count', invoked);
  }

  /** An asynchronous event that could not be written to the function's dead-letter queue. */
  deadLetterError(functionName: string, invoked: Invoked = {}): void {
    this.put('DeadLetterErrors', functionName, 1, 'Count', invoked);
  }

  /** A record of an asynchronous invocation that could not be sent to its destination. */
  destinationDeliveryFailure(functionName: string, invoked: Invoked = {}): void {
    this.put('DestinationDeliveryFailures', functionName, 1, 'Count', invoked);
  }

  private put(name: string, functionName: string, value: number, unit: string, invoked: Invoked): void {
    if (!Number.isFinite(value)) throw new RangeError(`${name} for ${functionName} must be a finite number, not ${value}.`);
    const now = this.clock.now();
    for (const dimensions of lambdaDimensionSets(functionName, invoked)) this.store.record({ namespace: lambdaNamespace, name, dimensions }, value, unit, now);
  }
}
