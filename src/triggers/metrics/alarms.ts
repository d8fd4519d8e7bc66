// CloudWatch metric alarms: the rules PutMetricAlarm (and AWS::CloudWatch::Alarm) accept, and one
// evaluation: the most recent EvaluationPeriods periods of the metric (or of a metric math
// expression over several, metric-math.ts), each a datapoint or
// missing, compared with the threshold; DatapointsToAlarm ("M out of N") breaching ones make
// ALARM, fewer make OK, and TreatMissingData says what a missing period counts as.
// Sources: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
// (Period 10, 20, 30 or a multiple of 60; EvaluationPeriods x Period at most one day; operators);
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
// ("Evaluating an alarm", "Configuring how CloudWatch alarms treat missing data": missing,
// notBreaching, breaching, ignore; with every period missing and "missing", INSUFFICIENT_DATA).

import { checkQueries, MetricQueryError, runQueries, type MetricQuery } from './metric-queries.ts';
import { basicStatistics, isKnownStatistic, type Dimension, type MetricStore } from './metric-store.ts';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
export const alarmStates: readonly AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

export const comparisonOperators = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'] as const;
export const missingDataTreatments = ['breaching', 'notBreaching', 'ignore', 'missing'] as const;

export interface AlarmDefinition {
  AlarmName: string;
  AlarmDescription?: string;
  /** A single metric: Namespace, MetricName, Dimensions and a statistic... */
  Namespace?: string;
  MetricName?: string;
  Dimensions: Dimension[];
  /** One of Statistic or ExtendedStatistic (p99). */
  Statistic?: string;
  ExtendedStatistic?: string;
  /** ...or metric math: queries, one of them (ReturnData) the series the alarm watches. */
  Metrics?: MetricQuery[];
  Period: number;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold: number;
  ComparisonOperator: (typeof comparisonOperators)[number];
  TreatMissingData?: (typeof missingDataTreatments)[number];
  Unit?: string;
  ActionsEnabled?: boolean;
  AlarmActions?: string[];
  OKActions?: string[];
  InsufficientDataActions?: string[];
}

/** A rule PutMetricAlarm would refuse, with CloudWatch's error code. */
export class AlarmRuleError extends Error {
  readonly code: 'InvalidParameterValue' | 'MissingParameter' | 'InvalidParameterCombination';
  constructor(code: AlarmRuleError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

const oneDaySeconds = 86_400;

type Need = <T>(field: string, value: T | undefined) => T;
type Watched = Pick<AlarmDefinition, 'Namespace' | 'MetricName' | 'Dimensions' | 'Statistic' | 'ExtendedStatistic' | 'Metrics' | 'Period'>;

function checkPeriod(value: unknown, field: string): number {
  const period = Number(value);
  if (!Number.isInteger(period) || !(period === 10 || period === 20 || period === 30 || (period >= 60 && period % 60 === 0))) {
    throw new AlarmRuleError('InvalidParameterValue', `${field} ${value} is not allowed: use 10, 20, 30 or a multiple of 60 seconds.`);
  }
  return period;
}

function singleMetric(input: Record<string, unknown>, at: (field: string) => string, need: Need): Watched {
  const namespace = need('Namespace', input.Namespace);
  const metricName = need('MetricName', input.MetricName);
  if (input.Statistic !== undefined && input.ExtendedStatistic !== undefined) {
    throw new AlarmRuleError('InvalidParameterCombination', `${at('Statistic')} and ${at('ExtendedStatistic')} are exclusive: give one.`);
  }
  if (input.Statistic === undefined && input.ExtendedStatistic === undefined) {
    throw new AlarmRuleError('MissingParameter', `${at('Statistic')} (${basicStatistics.join(', ')}) or ${at('ExtendedStatistic')} (such as p99) is required.`);
  }
  if (input.Statistic !== undefined && !(basicStatistics as readonly unknown[]).includes(input.Statistic)) {
    throw new AlarmRuleError('InvalidParameterValue', `${at('Statistic')} ${JSON.stringify(input.Statistic)} is not one of ${basicStatistics.join(', ')} (percentiles go in ExtendedStatistic).`);
  }
  const extended = input.ExtendedStatistic;
  if (extended !== undefined && (typeof extended !== 'string' || !isKnownStatistic(extended) || (basicStatistics as readonly string[]).includes(extended))) {
    throw new AlarmRuleError('InvalidParameterValue', `${at('ExtendedStatistic')} ${JSON.stringify(extended)} is not a percentile such as p90 or p99.9.`);
  }
  const dimensions = (input.Dimensions ?? []) as Dimension[];
  if (!Array.isArray(dimensions) || dimensions.length > 30 || dimensions.some((d) => typeof d?.Name !== 'string' || typeof d?.Value !== 'string')) {
    throw new AlarmRuleError('InvalidParameterValue', `${at('Dimensions')} must be a list of at most 30 {Name, Value} pairs of strings.`);
  }
  return {
    Namespace: String(namespace),
    MetricName: String(metricName),
    Dimensions: dimensions.map((d) => ({ Name: d.Name, Value: d.Value })),
    ...(input.Statistic !== undefined ? { Statistic: String(input.Statistic) } : { ExtendedStatistic: String(extended) }),
    Period: checkPeriod(need('Period', input.Period), at('Period')),
  };
}

/** An alarm on metric math: its queries share one period, and exactly one returns the data it watches. */
function mathMetric(input: Record<string, unknown>, at: (field: string) => string): Watched {
  const single = ['Namespace', 'MetricName', 'Dimensions', 'Statistic', 'ExtendedStatistic', 'Period'].filter((k) => input[k] !== undefined);
  if (single.length > 0) throw new AlarmRuleError('InvalidParameterCombination', `${at('Metrics')} and ${single.map(at).join(', ')} are exclusive: an alarm watches one metric or one metric math expression.`);
  let metrics: MetricQuery[];
  try {
    metrics = checkQueries(input.Metrics, at('Metrics.member.'));
  } catch (error) {
    if (error instanceof MetricQueryError) throw new AlarmRuleError('InvalidParameterValue', error.message);
    throw error;
  }
  const returned = metrics.filter((m) => m.ReturnData === true);
  const watched = returned.length === 0 && metrics.length === 1 ? metrics : returned;
  if (watched.length !== 1) throw new AlarmRuleError('InvalidParameterValue', `${at('Metrics')} must have exactly one query with ReturnData true (the series the alarm watches); it has ${returned.length}.`);
  const periods = [...new Set(metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Period] : [])))];
  if (periods.length !== 1) throw new AlarmRuleError('InvalidParameterValue', `${at('Metrics')}: every MetricStat of an alarm needs the same Period (found ${periods.join(', ') || 'none'}).`);
  return { Dimensions: [], Metrics: metrics.map((m) => ({ ...m, ReturnData: m === watched[0] })), Period: checkPeriod(periods[0], at('Metrics MetricStat.Period')) };
}

/** Checks a definition as PutMetricAlarm does; `where` names the source in messages (an alarm's logical id). */
export function checkAlarm(input: Partial<AlarmDefinition> & Record<string, unknown>, where = ''): AlarmDefinition {
  const at = (field: string) => `${where}${field}`;
  const need = <T>(field: string, value: T | undefined): T => {
    if (value === undefined || value === null || value === '') throw new AlarmRuleError('MissingParameter', `${at(field)} is required for a metric alarm.`);
    return value;
  };
  const name = need('AlarmName', input.AlarmName);
  if (typeof name !== 'string' || name.length > 255) throw new AlarmRuleError('InvalidParameterValue', `${at('AlarmName')} must be a string of 1 to 255 characters.`);
  const watched = input.Metrics !== undefined ? mathMetric(input, at) : singleMetric(input, at, need);
  const period = watched.Period;
  const evaluationPeriods = Number(need('EvaluationPeriods', input.EvaluationPeriods));
  if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1) throw new AlarmRuleError('InvalidParameterValue', `${at('EvaluationPeriods')} must be a whole number of 1 or more, not ${input.EvaluationPeriods}.`);
  if (evaluationPeriods * period > oneDaySeconds) {
    throw new AlarmRuleError('InvalidParameterValue', `${at('EvaluationPeriods')} x ${at('Period')} is ${evaluationPeriods * period} s: an alarm evaluates at most one day (86400 s).`);
  }
  const datapoints = input.DatapointsToAlarm === undefined ? undefined : Number(input.DatapointsToAlarm);
  if (datapoints !== undefined && (!Number.isInteger(datapoints) || datapoints < 1 || datapoints > evaluationPeriods)) {
    throw new AlarmRuleError('InvalidParameterValue', `${at('DatapointsToAlarm')} ${input.DatapointsToAlarm} must be from 1 to EvaluationPeriods (${evaluationPeriods}).`);
  }
  const threshold = Number(need('Threshold', input.Threshold));
  if (!Number.isFinite(threshold)) throw new AlarmRuleError('InvalidParameterValue', `${at('Threshold')} must be a number, not ${JSON.stringify(input.Threshold)}.`);
  const operator = need('ComparisonOperator', input.ComparisonOperator);
  if (!(comparisonOperators as readonly string[]).includes(operator)) {
    throw new AlarmRuleError('InvalidParameterValue', `${at('ComparisonOperator')} ${JSON.stringify(operator)} is not one of ${comparisonOperators.join(', ')} (anomaly-detection bands are not emulated).`);
  }
  const treat = input.TreatMissingData ?? 'missing';
  if (!(missingDataTreatments as readonly string[]).includes(treat)) {
    throw new AlarmRuleError('InvalidParameterValue', `${at('TreatMissingData')} ${JSON.stringify(treat)} is not one of ${missingDataTreatments.join(', ')}.`);
  }
  return {
    ...(input as AlarmDefinition),
    AlarmName: name,
    ...watched,
    EvaluationPeriods: evaluationPeriods,
    ...(datapoints !== undefined ? { DatapointsToAlarm: datapoints } : {}),
    Threshold: threshold,
    ComparisonOperator: operator as AlarmDefinition['ComparisonOperator'],
    TreatMissingData: treat as AlarmDefinition['TreatMissingData'],
  };
}

const phrase: Record<AlarmDefinition['ComparisonOperator'], string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

function breaches(value: number, definition: AlarmDefinition): boolean {
  const t = definition.Threshold;
  switch (definition.ComparisonOperator) {
    case 'GreaterThanOrEqualToThreshold': return value >= t;
    case 'GreaterThanThreshold': return value > t;
    case 'LessThanThreshold': return value < t;
    case 'LessThanOrEqualToThreshold': return value <= t;
  }
}

/** What the alarm watches, by period start over [startMs, endMs). */
function watchedSeries(definition: AlarmDefinition, store: MetricStore, startMs: number, endMs: number): Map<number, number> {
  if (definition.Metrics) {
    const watched = definition.Metrics.find((m) => m.ReturnData)!;
    return runQueries(store, definition.Metrics, startMs, endMs).get(watched.Id)!;
  }
  const statistic = definition.ExtendedStatistic ?? definition.Statistic!;
  const found = store.statistics({
    namespace: definition.Namespace!,
    name: definition.MetricName!,
    dimensions: definition.Dimensions,
    startMs,
    endMs,
    periodSeconds: definition.Period,
    statistics: [statistic],
    ...(definition.Unit !== undefined ? { unit: definition.Unit } : {}),
  });
  return new Map(found.filter((d) => d.values[statistic] !== undefined).map((d) => [d.timestamp, d.values[statistic]!]));
}

/** The metric's name, or the watched expression's label or id. */
export function watchedName(definition: AlarmDefinition): string {
  const watched = definition.Metrics?.find((m) => m.ReturnData);
  return watched ? (watched.Label ?? watched.Expression ?? watched.Id) : definition.MetricName!;
}

export interface Evaluation {
  /** The state the alarm should be in; undefined keeps the current one (ignore, no data). */
  state?: AlarmState;
  reason: string;
  /** Each period's value (oldest first); null where the period had no datapoint. */
  datapoints: Array<{ timestamp: number; value: number | null }>;
}

/** Evaluates the periods that ended at or before `asOf` (whole evaluation steps: 60 s, or the period when shorter). */
export function evaluateAlarm(definition: AlarmDefinition, store: MetricStore, asOf: number): Evaluation {
  const periodMs = definition.Period * 1000;
  const stepMs = Math.min(periodMs, 60_000);
  const end = Math.floor(asOf / stepMs) * stepMs;
  const n = definition.EvaluationPeriods;
  const m = definition.DatapointsToAlarm ?? n;
  const series = watchedSeries(definition, store, end - n * periodMs, end);
  const datapoints = Array.from({ length: n }, (_, i) => {
    const timestamp = end - (n - i) * periodMs;
    return { timestamp, value: series.get(timestamp) ?? null };
  });
  const treat = definition.TreatMissingData ?? 'missing';
  const present = datapoints.filter((d) => d.value !== null);
  const missingCount = n - present.length;
  const breaching = present.filter((d) => breaches(d.value!, definition)).length + (treat === 'breaching' ? missingCount : 0);
  const shown = present.map((d) => `${d.value} (${new Date(d.timestamp).toISOString().slice(11, 19)})`).join(', ');
  const rule = `the threshold (${definition.Threshold})`;
  if (breaching >= m) {
    return { state: 'ALARM', datapoints, reason: `Threshold Crossed: ${breaching} out of the last ${n} datapoints [${shown}] ${breaching === 1 ? 'was' : 'were'} ${phrase[definition.ComparisonOperator]} ${rule} (minimum ${m} datapoint${m === 1 ? '' : 's'} for OK -> ALARM transition).` };
  }
  if (present.length === 0 && treat === 'missing') {
    return { state: 'INSUFFICIENT_DATA', datapoints, reason: `Insufficient Data: no datapoint of ${watchedName(definition)} in the last ${n} period${n === 1 ? '' : 's'} of ${definition.Period} s.` };
  }
  if (present.length === 0 && treat === 'ignore') return { datapoints, reason: 'No datapoints; TreatMissingData ignore keeps the current state.' };
  return { state: 'OK', datapoints, reason: `Threshold Crossed: ${breaching} out of the last ${n} datapoints [${shown || 'none'}] ${breaching === 1 ? 'was' : 'were'} ${phrase[definition.ComparisonOperator]} ${rule} (fewer than ${m} needed for ALARM).` };
}
