// The local CloudWatch of a stack: the metrics of every invocation (AWS/Lambda), the metrics a
// function's Embedded Metric Format log lines carry, metrics put through PutMetricData, metric
// alarms evaluated on the stack's clock, and the run's cost estimate. It watches the service
// through the Lambda port only (PortObserver), so it runs in front of the embedded service.
//
// Recording API for the stack parts that know metrics the invocation records do not carry (event
// source mappings, dead-letter delivery). The CloudWatch part starts first and shares its monitor:
//   const metrics = lambdaMetricsIn(context.shared);           // undefined if no CloudWatch part
//   metrics?.iteratorAge(functionName, ageMs, { qualifier })   // per stream batch (ms)
//   metrics?.deadLetterError(functionName)                     // an async event the DLQ did not take
//   metrics?.recursiveInvocationDropped(functionName)          // already fed by the service's event
//
// Alarms are evaluated at each whole step of the clock (every 60 s, or every period when the
// period is 10, 20 or 30 s), as CloudWatch evaluates once a minute; when a lab advances the clock
// past several steps, each step is evaluated in turn, so the states pass as they would have.

import type { Clock, ClockTimer } from '../../runtime/clock.ts';
import type { InvocationRecord, LogEvent } from '../../runtime/types.ts';
import type { LambdaPort } from '../lambda-port.ts';
import { evaluateAlarm, type AlarmDefinition, type AlarmState } from './alarms.ts';
import { CostLedger, describeAnomaly, type CostLedgerOptions } from './cost.ts';
import { parseEmf } from './emf.ts';
import { LambdaMetrics } from './lambda-metrics.ts';
import { MetricStore } from './metric-store.ts';

export interface AlarmStatus {
  definition: AlarmDefinition;
  arn: string;
  state: AlarmState;
  reason: string;
  /** Clock time of the last state change and of the last configuration change. */
  stateUpdatedAt: number;
  configurationUpdatedAt: number;
  history: Array<{ at: number; from: AlarmState; to: AlarmState; reason: string }>;
}

export interface AlarmChange {
  name: string;
  from: AlarmState;
  to: AlarmState;
  reason: string;
  at: number;
}

export interface CloudWatchMonitorOptions extends Pick<CostLedgerOptions, 'architectureOf' | 'spikeFactor' | 'baselineInvocations'> {
  clock: Clock;
  region: string;
  accountId: string;
  /** A line for the console: alarm state changes, cost spikes, EMF that was not extracted. */
  notice?: (line: string) => void;
}

/** The key under which the CloudWatch part shares its monitor with the parts after it (StackPartContext.shared). */
export const sharedMonitorKey = 'cloudwatch';

export function lambdaMetricsIn(shared: Map<string, unknown>): LambdaMetrics | undefined {
  const monitor = shared.get(sharedMonitorKey);
  return monitor instanceof CloudWatchMonitor ? monitor.lambda : undefined;
}

const smallestStepMs = 10_000;
/** Steps evaluated in one catch-up (a day of 60 s steps); an advance beyond it evaluates the latest only. */
const maxCatchUpSteps = 1440;

export class CloudWatchMonitor {
  readonly store = new MetricStore();
  readonly lambda: LambdaMetrics;
  readonly cost: CostLedger;
  private readonly options: CloudWatchMonitorOptions;
  private readonly alarms = new Map<string, AlarmStatus & { evaluatedUpTo: number }>();
  private readonly listeners = new Set<(change: AlarmChange) => void>();
  private readonly unwatch: Array<() => void> = [];
  private timer: ClockTimer | undefined;
  private closed = false;

  constructor(options: CloudWatchMonitorOptions) {
    this.options = options;
    this.lambda = new LambdaMetrics(this.store, options.clock);
    this.cost = new CostLedger({
      ...(options.architectureOf ? { architectureOf: options.architectureOf } : {}),
      ...(options.spikeFactor !== undefined ? { spikeFactor: options.spikeFactor } : {}),
      ...(options.baselineInvocations !== undefined ? { baselineInvocations: options.baselineInvocations } : {}),
      onAnomaly: (anomaly) => this.notice(describeAnomaly(anomaly)),
    });
  }

  get clock(): Clock {
    return this.options.clock;
  }

  /** Watches the port's invocations and log lines; false when the port cannot show them (a remote endpoint). */
  watch(port: LambdaPort): boolean {
    if (!port.observe) return false;
    this.unwatch.push(
      port.observe({
        invocation: (record) => this.invocation(record),
        log: (event) => this.log(event),
        recursiveInvocationDropped: (dropped) => this.lambda.recursiveInvocationDropped(dropped.functionName),
      }),
    );
    return true;
  }

  invocation(record: InvocationRecord): void {
    this.lambda.invocation(record);
    this.cost.invocation(record);
  }

  /**
   * A function's log record, one CloudWatch event (Node.js keeps a multi-line console.log in one,
   * its line breaks written as \r): an Embedded Metric Format document in it becomes metrics.
   */
  log(event: LogEvent): void {
    if (event.stream !== 'function') return;
    const emf = parseEmf(event.message);
    if (emf.kind === 'invalid') this.notice(`EMF from ${event.functionName} not extracted (the line stays a log line): ${emf.reason}`);
    if (emf.kind !== 'metrics') return;
    // The function stamps its metrics with real time; the stack's clock may be ahead of it.
    const ahead = this.clock.now() - Date.now();
    for (const m of emf.metrics) {
      for (const value of m.values) this.store.record({ namespace: m.namespace, name: m.name, dimensions: m.dimensions }, value, m.unit, m.timestamp + ahead);
    }
  }

  onAlarmChange(listener: (change: AlarmChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Creates or replaces an alarm (checked with checkAlarm first); it starts in INSUFFICIENT_DATA and is evaluated at once. */
  putAlarm(definition: AlarmDefinition): AlarmStatus {
    const now = this.clock.now();
    const previous = this.alarms.get(definition.AlarmName);
    const status = {
      definition,
      arn: `arn:aws:cloudwatch:${this.options.region}:${this.options.accountId}:alarm:${definition.AlarmName}`,
      state: previous?.state ?? ('INSUFFICIENT_DATA' as AlarmState),
      reason: previous?.reason ?? 'Unchecked: Initial alarm creation',
      stateUpdatedAt: previous?.stateUpdatedAt ?? now,
      configurationUpdatedAt: now,
      history: previous?.history ?? [],
      evaluatedUpTo: -Infinity,
    };
    this.alarms.set(definition.AlarmName, status);
    this.evaluate();
    return status;
  }

  alarm(name: string): AlarmStatus | undefined {
    return this.alarms.get(name);
  }

  listAlarms(): AlarmStatus[] {
    return [...this.alarms.values()];
  }

  deleteAlarm(name: string): boolean {
    const deleted = this.alarms.delete(name);
    if (this.alarms.size === 0) this.timer?.cancel();
    return deleted;
  }

  /** SetAlarmState: the state holds until the next evaluation decides again, as on CloudWatch. */
  setAlarmState(name: string, state: AlarmState, reason: string): boolean {
    const alarm = this.alarms.get(name);
    if (!alarm) return false;
    this.change(alarm, state, reason, this.clock.now());
    return true;
  }

  /** Evaluates every alarm at each step boundary it has not yet seen, up to now, and arms the next. */
  evaluate(): void {
    if (this.closed) return;
    const now = this.clock.now();
    for (const alarm of this.alarms.values()) {
      const stepMs = Math.min(alarm.definition.Period * 1000, 60_000);
      const latest = Math.floor(now / stepMs) * stepMs;
      let at = alarm.evaluatedUpTo === -Infinity ? latest : Math.max(alarm.evaluatedUpTo + stepMs, latest - maxCatchUpSteps * stepMs);
      for (; at <= latest; at += stepMs) {
        const result = evaluateAlarm(alarm.definition, this.store, at);
        if (result.state !== undefined && result.state !== alarm.state) this.change(alarm, result.state, result.reason, at);
        else if (result.state !== undefined) alarm.reason = result.reason;
        alarm.evaluatedUpTo = at;
      }
    }
    this.arm();
  }

  close(): void {
    this.closed = true;
    this.timer?.cancel();
    for (const stop of this.unwatch.splice(0)) stop();
    this.listeners.clear();
  }

  private arm(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.alarms.size === 0) return;
    const now = this.clock.now();
    // Just past the next 10 s boundary, so the step that ends there is complete.
    const next = (Math.floor(now / smallestStepMs) + 1) * smallestStepMs + 1;
    this.timer = this.clock.setTimer(next - now, () => this.evaluate());
  }

  private change(alarm: AlarmStatus, to: AlarmState, reason: string, at: number): void {
    const from = alarm.state;
    alarm.state = to;
    alarm.reason = reason;
    alarm.stateUpdatedAt = at;
    alarm.history.push({ at, from, to, reason });
    if (alarm.history.length > 100) alarm.history.shift();
    if (from === to) return;
    this.notice(`Alarm ${alarm.definition.AlarmName}: ${from} -> ${to}. ${reason}`);
    for (const listener of this.listeners) listener({ name: alarm.definition.AlarmName, from, to, reason, at });
  }

  private notice(line: string): void {
    this.options.notice?.(line);
  }
}
