// Lambda's on-demand prices, one small table with its source and date: prices change and vary by
// Region, and the us-east-1 figures are used for every Region, which each cost line says.
// Sources: https://aws.amazon.com/lambda/pricing/ (first tier: x86_64 $0.0000166667 and arm64
// $0.0000133334 per GB-second; $0.20 per 1M requests), as recorded in the course's fact sheet on
// 2026-12-01. Billed duration is rounded up to 1 ms and, since 2025-08-01, includes the init phase
// of on-demand functions (aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/).

export const architectures = ['x86_64', 'arm64'] as const;
export type Architecture = (typeof architectures)[number];

export const lambdaPrices = {
  region: 'us-east-1',
  asOf: '2026-12-01',
  source: 'https://aws.amazon.com/lambda/pricing/',
  /** USD per request ($0.20 per 1M). */
  perRequest: 0.2 / 1_000_000,
  /** USD per GB-second of compute, first tier, by architecture. */
  perGbSecond: { x86_64: 0.0000166667, arm64: 0.0000133334 } satisfies Record<Architecture, number>,
} as const;

/** GB-seconds of one invocation: its memory in GB (MB / 1024) times its billed duration in seconds. */
export function gbSeconds(memorySizeMB: number, billedDurationMs: number): number {
  return (memorySizeMB / 1024) * (billedDurationMs / 1000);
}

/** USD for some requests and GB-seconds on one architecture. */
export function priceOf(requests: number, computeGbSeconds: number, architecture: Architecture = 'x86_64'): number {
  return requests * lambdaPrices.perRequest + computeGbSeconds * lambdaPrices.perGbSecond[architecture];
}
