// The one CloudWatch monitor of a stack, found by the stack's clock, so the other parts of the
// same stack (event source mappings, the recursion guard) record the metrics only they know
// without holding a reference to the CloudWatch part:
//
//   lambdaMetricsOf(context.clock)?.iteratorAge(functionName, ageMs)
//   lambdaMetricsOf(context.clock)?.recursiveInvocationDropped(functionName)
//   lambdaMetricsOf(context.clock)?.deadLetterError(functionName)
//
// Look it up when recording, not when starting: parts start in list order.

import type { Clock } from '../../runtime/clock.ts';
import type { CloudWatchMonitor } from './cloudwatch-monitor.ts';
import type { LambdaMetrics } from './lambda-metrics.ts';

const monitors = new WeakMap<Clock, CloudWatchMonitor>();

export function registerStackMonitor(clock: Clock, monitor: CloudWatchMonitor): () => void {
  monitors.set(clock, monitor);
  return () => {
    if (monitors.get(clock) === monitor) monitors.delete(clock);
  };
}

export function stackMonitorOf(clock: Clock): CloudWatchMonitor | undefined {
  return monitors.get(clock);
}

export function lambdaMetricsOf(clock: Clock): LambdaMetrics | undefined {
  return monitors.get(clock)?.lambda;
}
