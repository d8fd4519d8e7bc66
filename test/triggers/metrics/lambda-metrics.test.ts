// The recording API other stack parts call (IteratorAge, DeadLetterErrors), found through the
// shared map the CloudWatch part fills, and the dimension sets Lambda records each metric under.

import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../src/runtime/clock.ts';
import { CloudWatchMonitor, lambdaMetricsIn, sharedMonitorKey } from '../../../src/triggers/metrics/cloudwatch-monitor.ts';
import { lambdaDimensionSets } from '../../../src/triggers/metrics/lambda-metrics.ts';

describe('Lambda metrics', () => {
  it('records under no dimension, FunctionName, FunctionName+Resource, and ExecutedVersion only through an alias', () => {
    expect(lambdaDimensionSets('f').map((s) => s.map((d) => `${d.Name}=${d.Value}`).join(','))).toEqual(['', 'FunctionName=f', 'FunctionName=f,Resource=f']);
    expect(lambdaDimensionSets('f', { qualifier: '3', executedVersion: '3' })).toHaveLength(3);
    expect(lambdaDimensionSets('f', { qualifier: 'live', executedVersion: '3' }).at(-1)).toEqual([
      { Name: 'FunctionName', Value: 'f' },
      { Name: 'Resource', Value: 'f:live' },
      { Name: 'ExecutedVersion', Value: '3' },
    ]);
  });

  it('IteratorAge and DeadLetterErrors recorded by another part are read back at the clock time they were recorded', () => {
    const clock = new SimulatedClock();
    clock.advance(3_600_000);
    const monitor = new CloudWatchMonitor({ clock, region: 'us-east-1', accountId: '123456789012' });
    const shared = new Map<string, unknown>([[sharedMonitorKey, monitor]]);
    const metrics = lambdaMetricsIn(shared)!;
    metrics.iteratorAge('reader', 1200);
    metrics.iteratorAge('reader', 300);
    metrics.deadLetterError('reader');
    const query = { namespace: 'AWS/Lambda', dimensions: [{ Name: 'FunctionName', Value: 'reader' }], startMs: clock.now() - 1000, endMs: clock.now() + 1000, periodSeconds: 60 };
    expect(monitor.store.statistics({ ...query, name: 'IteratorAge', statistics: ['Maximum', 'SampleCount'] })[0]?.values).toEqual({ Maximum: 1200, SampleCount: 2 });
    expect(monitor.store.statistics({ ...query, name: 'DeadLetterErrors', statistics: ['Sum'] })[0]?.values).toEqual({ Sum: 1 });
    expect(() => metrics.iteratorAge('reader', Number.NaN)).toThrow(/IteratorAge for reader must be a finite number, not NaN/);
    expect(lambdaMetricsIn(new Map())).toBeUndefined();
    monitor.close();
  });
});
