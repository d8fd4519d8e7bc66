// What a run on AWS cost, from Lambda's on-demand prices (the one table, with its source and date,
// is src/triggers/metrics/prices.ts; the us-east-1 x86_64 figures are used, which the cost line says).

import { lambdaPrices, priceOf } from '../../triggers/metrics/prices.ts';
import type { Usage } from './lab-target.ts';

export { lambdaPrices };

export function costOf(usage: Usage): number {
  return priceOf(usage.requests, usage.gbSeconds, 'x86_64');
}

/** One line for the terminal: requests, GB-seconds and their price, saying where the price comes from. */
export function costLine(usage: Usage): string {
  const dollars = costOf(usage);
  return (
    `AWS use: ${usage.requests} request${usage.requests === 1 ? '' : 's'}, ${usage.gbSeconds.toFixed(3)} GB-seconds ≈ $${dollars.toFixed(6)} ` +
    `at ${lambdaPrices.region} x86_64 on-demand prices of ${lambdaPrices.asOf} (${lambdaPrices.source}), before any free tier; a KMS key made for the run is billed by KMS apart.`
  );
}
