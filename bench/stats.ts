// Summaries a skeptic can check: every figure with its sample count, min, median, p99 and spread,
// and every ratio from subject and baseline samples taken alternately in the same run.

export interface Summary {
  n: number;
  min: number;
  median: number;
  p99: number;
  max: number;
  /** Interquartile range over the median: how much the middle half of the samples varies. */
  spread: number;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarize(values: number[]): Summary {
  const median = percentile(values, 50);
  return {
    n: values.length,
    min: values.length ? Math.min(...values) : Number.NaN,
    median,
    p99: percentile(values, 99),
    max: values.length ? Math.max(...values) : Number.NaN,
    spread: (percentile(values, 75) - percentile(values, 25)) / median,
  };
}

export interface Ratio {
  /** Median of the subject over median of the baseline. */
  ofMedians: number;
  /** Median of the per-pair ratios (each pair taken back to back), less sensitive to drifting load. */
  pairedMedian: number;
}

export function ratio(subject: number[], baseline: number[]): Ratio {
  const pairs = Math.min(subject.length, baseline.length);
  const paired = Array.from({ length: pairs }, (_, i) => subject[i]! / baseline[i]!);
  return { ofMedians: percentile(subject, 50) / percentile(baseline, 50), pairedMedian: percentile(paired, 50) };
}

/**
 * Runs each contestant once per round, in turn (A, B, A, B, ...), so load from the rest of the
 * machine falls on all of them alike; returns each one's samples in round order.
 */
export async function interleave<K extends string>(rounds: number, contestants: Record<K, () => Promise<number> | number>): Promise<Record<K, number[]>> {
  const names = Object.keys(contestants) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < rounds; round++) {
    // Who goes first alternates too, so neither always runs right after the other.
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) samples[name].push(await contestants[name]());
  }
  return samples;
}

export const ms = (value: number, digits = 2) => (Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a');
export const us = (valueMs: number) => (Number.isFinite(valueMs) ? `${(valueMs * 1000).toFixed(0)} µs` : 'n/a');
export const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');
export const line = (summary: Summary, unit: (v: number) => string = ms) =>
  `min ${unit(summary.min)}  median ${unit(summary.median)}  p99 ${unit(summary.p99)}  spread ${(summary.spread * 100).toFixed(0)}%  (n=${summary.n})`;
