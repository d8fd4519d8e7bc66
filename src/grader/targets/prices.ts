// What a run on AWS cost, from Lambda's on-demand prices: one small table, with its source and
// date, since prices change and vary by Region (the us-east-1 figures are used for every Region,
// which the cost line says). Source: https://aws.amazon.com/lambda/pricing/ (x86_64, first tier),
// as recorded in the course's fact sheet on 2026-12-01.

import type { Usage } from './lab-target.ts';

export const lambdaPrices = {
  region: 'us-east-1',
  asOf: '2026-12-01',
  source: 'https://aws.amazon.com/lambda/pricing/',
  /** USD per request ($0.20 per 1M). */
  perRequest: 0.2 / 1_000_000,
  /** USD per GB-second of x86_64 compute, first tier. */
  perGbSecond: 0.0000166667,
} as const;

export function costOf(usage: Usage): number {
  return usage.requests * lambdaPrices.perRequest + usage.gbSeconds * lambdaPrices.perGbSecond;
}

/** One line for the terminal: requests, GB-seconds and their price, saying where the price comes from. */
export function costLine(usage: Usage): string {
  const dollars = costOf(usage);
  return (
    `AWS use: ${usage.requests} request${usage.requests === 1 ? '' : 's'}, ${usage.gbSeconds.toFixed(3)} GB-seconds ≈ $${dollars.toFixed(6)} ` +
    `at ${lambdaPrices.region} x86_64 on-demand prices of ${lambdaPrices.asOf} (${lambdaPrices.source}), before any free tier; a KMS key made for the run is billed by KMS apart.`
  );
}
