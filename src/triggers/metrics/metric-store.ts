// CloudWatch's model of metrics, kept in memory: a metric is a namespace, a name and an exact set
// of dimensions; each holds timestamped samples, and statistics are computed per period over the
// samples whose timestamps fall in it. A query names the exact dimension set, as CloudWatch's
// does: FunctionName alone and FunctionName+Resource are two metrics, not a filter.
// Sources: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html
// (metrics, dimensions, statistics, periods); API_GetMetricStatistics.html; API_MetricDatum.html.

export interface Dimension {
  Name: string;
  Value: string;
}

export interface MetricId {
  namespace: string;
  name: string;
  dimensions: Dimension[];
}

/** One or more values recorded together (a StatisticSet is one sample with its own count). */
export interface Sample {
  timestamp: number;
  sampleCount: number;
  sum: number;
  min: number;
  max: number;
  /** The individual values, when more than one is known (percentiles need them; one value is `sum`). */
  values?: number[];
  unit: string;
}

export interface StatisticsQuery extends MetricId {
  startMs: number;
  endMs: number;
  periodSeconds: number;
  statistics: string[];
  unit?: string;
}

export interface Datapoint {
  timestamp: number;
  unit: string;
  values: Record<string, number>;
}

/** CloudWatch's units (API_MetricDatum.html, Unit). */
export const units = [
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes',
  'Bits', 'Kilobits', 'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second',
  'Kilobytes/Second', 'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second',
  'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second', 'Terabits/Second', 'Count/Second', 'None',
] as const;

export const basicStatistics = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;

/** A memory bound, not CloudWatch's: the oldest samples of a metric give way past it. */
const maxSamplesPerMetric = 100_000;

export function metricKey(id: MetricId): string {
  const sorted = id.dimensions.length < 2 ? id.dimensions : [...id.dimensions].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
  let key = `${id.namespace}\u0000${id.name}`;
  for (const d of sorted) key += `\u0000${d.Name}=${d.Value}`;
  return key;
}

/** p99, p50, p99.9: the percentile extended statistics; null for anything else. */
export function percentileOf(statistic: string): number | null {
  const match = /^p(\d{1,2}(?:\.\d+)?|100)$/.exec(statistic);
  return match ? Number(match[1]) : null;
}

export function isKnownStatistic(statistic: string): boolean {
  return (basicStatistics as readonly string[]).includes(statistic) || percentileOf(statistic) !== null;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(0, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.min(rank, sorted.length - 1)]!;
}

interface StoredMetric {
  id: MetricId;
  samples: Sample[];
}

export class MetricStore {
  private readonly metrics = new Map<string, StoredMetric>();

  add(id: MetricId, sample: Sample): void {
    const key = metricKey(id);
    let metric = this.metrics.get(key);
    if (!metric) {
      metric = { id: { ...id, dimensions: [...id.dimensions] }, samples: [] };
      this.metrics.set(key, metric);
    }
    // Samples of the same second merge (CloudWatch's finest resolution is one second): a busy
    // metric then holds one object per second, not one per value.
    const last = metric.samples[metric.samples.length - 1];
    if (last && last.unit === sample.unit && Math.floor(last.timestamp / 1000) === Math.floor(sample.timestamp / 1000)) merge(last, sample);
    else metric.samples.push(sample);
    // Trimmed a tenth at a time, so a busy metric does not pay a shift on every sample.
    if (metric.samples.length > maxSamplesPerMetric) metric.samples.splice(0, metric.samples.length - maxSamplesPerMetric + maxSamplesPerMetric / 10);
  }

  /** One value, counted once. */
  record(id: MetricId, value: number, unit: string, timestamp: number): void {
    this.add(id, { timestamp, sampleCount: 1, sum: value, min: value, max: value, unit });
  }

  /**
   * Datapoints, one per period that has samples, in time order. Periods start at startMs, as
   * CloudWatch aligns them to the query's start time. Samples whose unit differs from a given
   * unit are left out (CloudWatch does not convert units).
   */
  statistics(query: StatisticsQuery): Datapoint[] {
    const metric = this.metrics.get(metricKey(query));
    if (!metric) return [];
    const periodMs = query.periodSeconds * 1000;
    const buckets = new Map<number, Sample[]>();
    for (const sample of metric.samples) {
      if (sample.timestamp < query.startMs || sample.timestamp >= query.endMs) continue;
      if (query.unit !== undefined && sample.unit !== query.unit) continue;
      const start = query.startMs + Math.floor((sample.timestamp - query.startMs) / periodMs) * periodMs;
      const bucket = buckets.get(start) ?? [];
      bucket.push(sample);
      buckets.set(start, bucket);
    }
    return [...buckets.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([timestamp, samples]) => ({ timestamp, unit: samples[0]!.unit, values: aggregate(samples, query.statistics) }));
  }

  /** The metrics that match: namespace and name when given, and every given dimension (by name, and value when given). */
  list(filter: { namespace?: string; name?: string; dimensions?: Array<{ Name: string; Value?: string }>; sinceMs?: number }): MetricId[] {
    return [...this.metrics.values()]
      .filter(({ id, samples }) => {
        if (filter.namespace !== undefined && id.namespace !== filter.namespace) return false;
        if (filter.name !== undefined && id.name !== filter.name) return false;
        if (filter.sinceMs !== undefined && !samples.some((s) => s.timestamp >= filter.sinceMs!)) return false;
        return (filter.dimensions ?? []).every((want) => id.dimensions.some((d) => d.Name === want.Name && (want.Value === undefined || d.Value === want.Value)));
      })
      .map(({ id }) => id);
  }
}

/** The single values a sample holds, when known. */
function knownValues(sample: Sample): number[] | undefined {
  return sample.values ?? (sample.sampleCount === 1 ? [sample.sum] : undefined);
}

function merge(into: Sample, sample: Sample): void {
  const values = knownValues(into);
  const more = knownValues(sample);
  if (values && more) {
    if (into.values === undefined) into.values = values;
    into.values.push(...more);
  } else delete into.values;
  into.sampleCount += sample.sampleCount;
  into.sum += sample.sum;
  into.min = Math.min(into.min, sample.min);
  into.max = Math.max(into.max, sample.max);
}

function aggregate(samples: Sample[], statistics: string[]): Record<string, number> {
  const count = samples.reduce((n, s) => n + s.sampleCount, 0);
  const sum = samples.reduce((n, s) => n + s.sum, 0);
  const out: Record<string, number> = {};
  for (const statistic of statistics) {
    if (statistic === 'SampleCount') out[statistic] = count;
    else if (statistic === 'Sum') out[statistic] = sum;
    else if (statistic === 'Average') out[statistic] = count === 0 ? 0 : sum / count;
    else if (statistic === 'Minimum') out[statistic] = Math.min(...samples.map((s) => s.min));
    else if (statistic === 'Maximum') out[statistic] = Math.max(...samples.map((s) => s.max));
    else {
      const p = percentileOf(statistic);
      // A StatisticSet carries no single values: its percentiles are unknown, as on CloudWatch.
      if (p !== null && samples.every((s) => knownValues(s))) out[statistic] = percentile(samples.flatMap((s) => knownValues(s)!), p);
    }
  }
  return out;
}
