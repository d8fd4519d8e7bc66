// Alarm rules and evaluation on a metric store, without processes: M out of N, the four ways to
// treat missing data, and PutMetricAlarm's refusals naming the value and the fix.

import { describe, expect, it } from 'vitest';
import { AlarmRuleError, checkAlarm, evaluateAlarm, type AlarmDefinition } from '../../../src/triggers/metrics/alarms.ts';
import { MetricStore } from '../../../src/triggers/metrics/metric-store.ts';

const minute = 60_000;
const end = 1_800_000_000_000; // a whole minute
const id = { namespace: 'Lab', name: 'Errors', dimensions: [{ Name: 'FunctionName', Value: 'f' }] };

function alarm(extra: Partial<AlarmDefinition> = {}): AlarmDefinition {
  return checkAlarm({ AlarmName: 'a', Namespace: 'Lab', MetricName: 'Errors', Dimensions: id.dimensions, Statistic: 'Sum', Period: 60, EvaluationPeriods: 3, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', ...extra });
}

/** Values per minute, oldest first, ending at `end`; null leaves the minute without data. */
function storeWith(values: Array<number | null>): MetricStore {
  const store = new MetricStore();
  values.forEach((v, i) => {
    if (v !== null) store.record(id, v, 'Count', end - (values.length - i) * minute + 5000);
  });
  return store;
}

describe('alarm evaluation', () => {
  it('goes to ALARM when DatapointsToAlarm of the last EvaluationPeriods breach, and stays OK with one fewer', () => {
    expect(evaluateAlarm(alarm({ DatapointsToAlarm: 2 }), storeWith([1, 0, 1]), end).state).toBe('ALARM');
    expect(evaluateAlarm(alarm({ DatapointsToAlarm: 2 }), storeWith([0, 0, 1]), end).state).toBe('OK');
    // Without DatapointsToAlarm, all N must breach.
    expect(evaluateAlarm(alarm(), storeWith([1, 0, 1]), end).state).toBe('OK');
    expect(evaluateAlarm(alarm(), storeWith([1, 2, 1]), end).state).toBe('ALARM');
  });

  it('data older than the evaluation periods does not count', () => {
    expect(evaluateAlarm(alarm({ EvaluationPeriods: 1 }), storeWith([5, null]), end).state).toBe('INSUFFICIENT_DATA');
  });

  it('treats missing data as CloudWatch does: missing, notBreaching, breaching and ignore', () => {
    const empty = storeWith([null, null, null]);
    expect(evaluateAlarm(alarm(), empty, end).state).toBe('INSUFFICIENT_DATA');
    expect(evaluateAlarm(alarm({ TreatMissingData: 'notBreaching' }), empty, end).state).toBe('OK');
    expect(evaluateAlarm(alarm({ TreatMissingData: 'breaching' }), empty, end).state).toBe('ALARM');
    expect(evaluateAlarm(alarm({ TreatMissingData: 'ignore' }), empty, end).state).toBeUndefined();
    expect(evaluateAlarm(alarm({ TreatMissingData: 'breaching', DatapointsToAlarm: 3 }), storeWith([1, null, 1]), end).state).toBe('ALARM');
  });

  it('compares with each operator and reads percentiles', () => {
    const store = storeWith([null, null, 3]);
    const one = { EvaluationPeriods: 1, Threshold: 3 };
    expect(evaluateAlarm(alarm({ ...one, ComparisonOperator: 'GreaterThanThreshold' }), store, end).state).toBe('OK');
    expect(evaluateAlarm(alarm({ ...one, ComparisonOperator: 'LessThanOrEqualToThreshold' }), store, end).state).toBe('ALARM');
    expect(evaluateAlarm(alarm({ ...one, ComparisonOperator: 'LessThanThreshold' }), store, end).state).toBe('OK');
    expect(evaluateAlarm(alarm({ ...one, Statistic: undefined, ExtendedStatistic: 'p50' } as Partial<AlarmDefinition>), store, end).state).toBe('ALARM');
  });
});

describe('alarm rules', () => {
  const refused = (extra: Record<string, unknown>) => {
    try {
      checkAlarm({ AlarmName: 'a', Namespace: 'Lab', MetricName: 'Errors', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', ...extra }, 'Properties.');
    } catch (error) {
      expect(error).toBeInstanceOf(AlarmRuleError);
      return `${(error as AlarmRuleError).code}: ${(error as Error).message}`;
    }
    throw new Error('not refused');
  };

  it('refuses what PutMetricAlarm refuses, naming the property, the value and what is allowed', () => {
    expect(refused({ Period: 45 })).toBe('InvalidParameterValue: Properties.Period 45 is not allowed: use 10, 20, 30 or a multiple of 60 seconds.');
    expect(refused({ EvaluationPeriods: 2, DatapointsToAlarm: 3 })).toMatch(/^InvalidParameterValue: Properties.DatapointsToAlarm 3 must be from 1 to EvaluationPeriods \(2\)/);
    expect(refused({ Period: 3600, EvaluationPeriods: 25 })).toMatch(/at most one day/);
    expect(refused({ Statistic: 'Avg' })).toMatch(/Statistic "Avg" is not one of SampleCount, Average, Sum, Minimum, Maximum/);
    expect(refused({ ExtendedStatistic: 'p99' })).toMatch(/^InvalidParameterCombination: /);
    expect(refused({ ComparisonOperator: 'GreaterThanUpperThreshold' })).toMatch(/anomaly-detection bands are not emulated/);
    expect(refused({ TreatMissingData: 'zero' })).toMatch(/TreatMissingData "zero" is not one of breaching, notBreaching, ignore, missing/);
    expect(refused({ MetricName: undefined })).toBe('MissingParameter: Properties.MetricName is required for a metric alarm.');
  });

  it('an alarm on metric math watches exactly one returned series, its queries on one period, and no single metric beside', () => {
    const stat = (Id: string, Period = 60) => ({ Id, ReturnData: false, MetricStat: { Metric: { Namespace: 'Lab', MetricName: Id }, Period, Stat: 'Sum' } });
    const math = (Metrics: unknown[]) => ({ MetricName: undefined, Namespace: undefined, Statistic: undefined, Period: undefined, Metrics });
    expect(refused(math([stat('a'), stat('b'), { Id: 'r', Expression: 'a / b' }]))).toMatch(/exactly one query with ReturnData true .* it has 0/);
    expect(refused(math([stat('a'), stat('b', 300), { Id: 'r', Expression: 'a / b', ReturnData: true }]))).toMatch(/same Period \(found 60, 300\)/);
    expect(refused({ Metrics: [stat('a')] })).toMatch(/^InvalidParameterCombination: Properties.Metrics and Properties.Namespace, Properties.MetricName, Properties.Statistic, Properties.Period are exclusive/);
    const store = new MetricStore();
    store.record({ namespace: 'Lab', name: 'a', dimensions: [] }, 3, 'Count', end - 30_000);
    store.record({ namespace: 'Lab', name: 'b', dimensions: [] }, 4, 'Count', end - 30_000);
    const definition = checkAlarm({ AlarmName: 'rate', EvaluationPeriods: 1, Threshold: 50, ComparisonOperator: 'GreaterThanThreshold', Metrics: [stat('a'), stat('b'), { Id: 'r', Expression: '100 * a / b', ReturnData: true }] });
    expect(evaluateAlarm(definition, store, end)).toMatchObject({ state: 'ALARM', datapoints: [{ value: 75 }] });
  });
});
