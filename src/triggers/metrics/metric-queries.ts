// A list of metric data queries, as GetMetricData and metric-math alarms take them: each either a
// MetricStat (one metric, one statistic, one period) or an Expression over the other queries' ids,
// computed in the order given. Source: API_MetricDataQuery.html (Id: starts with a lowercase
// letter, then letters, digits and underscores; exactly one of MetricStat and Expression).

import { evaluateExpression, MetricMathError, parseExpression, type Series } from './metric-math.ts';
import { isKnownStatistic, type Dimension, type MetricStore } from './metric-store.ts';

export interface MetricQuery {
  Id: string;
  MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions?: Dimension[] }; Period: number; Stat: string; Unit?: string };
  Expression?: string;
  Label?: string;
  ReturnData?: boolean;
}

/** A query list CloudWatch would refuse; `field` names where. */
export class MetricQueryError extends Error {}

function checkPeriod(value: unknown, field: string): number {
  const period = Number(value);
  if (!Number.isInteger(period) || period < 1 || !(period === 1 || period === 5 || period === 10 || period === 20 || period === 30 || period % 60 === 0)) {
    throw new MetricQueryError(`${field} ${JSON.stringify(value)} must be 1, 5, 10, 20, 30 or a multiple of 60 seconds.`);
  }
  return period;
}

/** Checks the queries' shape and names (`at` prefixes each field, e.g. "MetricDataQueries.member."). */
export function checkQueries(raw: unknown, at: string): MetricQuery[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new MetricQueryError(`${at} must be a list of 1 or more queries.`);
  const ids = new Set<string>();
  return raw.map((value, i) => {
    const q = (value ?? {}) as Record<string, unknown>;
    const where = `${at}${i + 1}`;
    if (typeof q.Id !== 'string' || !/^[a-z][a-zA-Z0-9_]*$/.test(q.Id)) throw new MetricQueryError(`${where}.Id ${JSON.stringify(q.Id)} must start with a lowercase letter and hold only letters, digits and underscores.`);
    if (ids.has(q.Id)) throw new MetricQueryError(`${where}.Id ${q.Id} is used twice: each query needs its own Id.`);
    if ((q.MetricStat === undefined) === (q.Expression === undefined)) throw new MetricQueryError(`${where} must have exactly one of MetricStat and Expression.`);
    const query: MetricQuery = { Id: q.Id, ...(typeof q.Label === 'string' ? { Label: q.Label } : {}), ...(q.ReturnData !== undefined ? { ReturnData: q.ReturnData !== false && q.ReturnData !== 'false' } : {}) };
    if (q.Expression !== undefined) {
      if (typeof q.Expression !== 'string' || q.Expression.trim() === '') throw new MetricQueryError(`${where}.Expression must be a non-empty string.`);
      try {
        parseExpression(q.Expression, ids);
      } catch (error) {
        if (error instanceof MetricMathError) throw new MetricQueryError(`${where}.Expression: ${error.message}`);
        throw error;
      }
      query.Expression = q.Expression;
    } else {
      const stat = q.MetricStat as Record<string, unknown>;
      const metric = (stat?.Metric ?? {}) as Record<string, unknown>;
      if (typeof metric.Namespace !== 'string' || typeof metric.MetricName !== 'string') throw new MetricQueryError(`${where}.MetricStat.Metric needs Namespace and MetricName.`);
      if (typeof stat.Stat !== 'string' || !isKnownStatistic(stat.Stat)) throw new MetricQueryError(`${where}.MetricStat.Stat ${JSON.stringify(stat.Stat)} is not SampleCount, Average, Sum, Minimum, Maximum or a percentile such as p99.`);
      query.MetricStat = {
        Metric: { Namespace: metric.Namespace, MetricName: metric.MetricName, Dimensions: ((metric.Dimensions as Dimension[] | undefined) ?? []).map((d) => ({ Name: String(d.Name), Value: String(d.Value) })) },
        Period: checkPeriod(stat.Period, `${where}.MetricStat.Period`),
        Stat: stat.Stat,
        ...(typeof stat.Unit === 'string' ? { Unit: stat.Unit } : {}),
      };
    }
    ids.add(q.Id);
    return query;
  });
}

/** Every query's series over [startMs, endMs), periods starting at startMs, in the order given. */
export function runQueries(store: MetricStore, queries: MetricQuery[], startMs: number, endMs: number): Map<string, Series> {
  const out = new Map<string, Series>();
  for (const q of queries) {
    if (q.MetricStat) {
      const { Metric, Period, Stat, Unit } = q.MetricStat;
      const points = store.statistics({ namespace: Metric.Namespace, name: Metric.MetricName, dimensions: Metric.Dimensions ?? [], startMs, endMs, periodSeconds: Period, statistics: [Stat], ...(Unit ? { unit: Unit } : {}) });
      out.set(q.Id, new Map(points.filter((p) => p.values[Stat] !== undefined).map((p) => [p.timestamp, p.values[Stat]!])));
    } else {
      out.set(q.Id, evaluateExpression(parseExpression(q.Expression!, new Set(out.keys())), out));
    }
  }
  return out;
}
