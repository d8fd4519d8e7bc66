// The metric store as CloudWatch answers statistics: exact dimension sets, periods from the start,
// units kept apart, and values of one second merged without losing a statistic.

import { describe, expect, it } from 'vitest';
import { MetricStore } from '../../../src/triggers/metrics/metric-store.ts';

const t0 = 1_800_000_000_000;
const id = (dimensions = [{ Name: 'B', Value: '2' }, { Name: 'A', Value: '1' }]) => ({ namespace: 'Lab', name: 'Latency', dimensions });

describe('metric store', () => {
  it('a metric is its exact dimension set, in any order, not a filter', () => {
    const store = new MetricStore();
    store.record(id(), 5, 'Milliseconds', t0);
    const query = { startMs: t0, endMs: t0 + 60_000, periodSeconds: 60, statistics: ['Sum'] };
    expect(store.statistics({ ...id([{ Name: 'A', Value: '1' }, { Name: 'B', Value: '2' }]), ...query })[0]?.values).toEqual({ Sum: 5 });
    expect(store.statistics({ ...id([{ Name: 'A', Value: '1' }]), ...query })).toEqual([]);
    expect(store.list({ namespace: 'Lab', dimensions: [{ Name: 'A' }] })).toHaveLength(1);
  });

  it('values within one second merge and still give every statistic and percentile; a statistic set leaves percentiles unknown', () => {
    const store = new MetricStore();
    for (const [i, v] of [10, 20, 30, 40].entries()) store.record(id(), v, 'Milliseconds', t0 + i * 100);
    store.record(id(), 100, 'Milliseconds', t0 + 61_000);
    const query = { ...id(), startMs: t0, endMs: t0 + 120_000, periodSeconds: 60, statistics: ['SampleCount', 'Sum', 'Minimum', 'Maximum', 'Average', 'p50', 'p100'] };
    expect(store.statistics(query).map((d) => d.values)).toEqual([
      { SampleCount: 4, Sum: 100, Minimum: 10, Maximum: 40, Average: 25, p50: 20, p100: 40 },
      { SampleCount: 1, Sum: 100, Minimum: 100, Maximum: 100, Average: 100, p50: 100, p100: 100 },
    ]);
    store.add(id(), { timestamp: t0 + 200, sampleCount: 2, sum: 6, min: 1, max: 5, unit: 'Milliseconds' });
    expect(store.statistics({ ...query, endMs: t0 + 60_000 })[0]?.values).toEqual({ SampleCount: 6, Sum: 106, Minimum: 1, Maximum: 40, Average: 106 / 6 });
  });

  it('a query with a unit reads only the samples recorded in it (no conversion)', () => {
    const store = new MetricStore();
    store.record(id(), 1, 'Seconds', t0);
    store.record(id(), 1000, 'Milliseconds', t0 + 2000);
    const query = { ...id(), startMs: t0, endMs: t0 + 60_000, periodSeconds: 60, statistics: ['Sum'] };
    expect(store.statistics({ ...query, unit: 'Milliseconds' })[0]?.values).toEqual({ Sum: 1000 });
    expect(store.statistics({ ...query, unit: 'Seconds' })[0]?.values).toEqual({ Sum: 1 });
  });
});
