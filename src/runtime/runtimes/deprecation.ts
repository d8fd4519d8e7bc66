// When Lambda deprecates each runtime: the one table of these dates. A deprecated runtime keeps
// running here, as functions on it keep running on Lambda (it blocks creating and then updating
// them, never invoking them: DG runtime-support-policy.html), and its cold start says so.
//
// Source: the tables "Supported runtimes" and "Deprecated runtimes" of
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (deprecation date; block
// function update date), read through endoflife.date's copy of that page (repository
// endoflife-date/endoflife.date, products/aws-lambda.md at a70eca3, 2026-08-22, whose dates a
// script takes from that page) and checked against LAMBDA-FACTS.md section 0 (dotnet10 from
// 2026-01-08, dotnet8 deprecated 2026-11-10, python3.9 deprecated 2025-12-15). Dates in the
// future are projections: Lambda's page says they may change.

export const deprecationSource = 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html';
export const deprecationPolicy = 'https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html';

export interface RuntimeLifecycle {
  /** The day Lambda deprecates the runtime: no more security patches or technical support. */
  deprecated: string;
  /** From this day Lambda refuses updates to functions on the runtime (they still run). */
  blockUpdate: string;
}

/** Every managed runtime this service knows, current and deprecated, by identifier. */
export const runtimeLifecycle: Record<string, RuntimeLifecycle> = {
  'nodejs24.x': { deprecated: '2028-04-30', blockUpdate: '2028-07-01' },
  'nodejs22.x': { deprecated: '2027-04-30', blockUpdate: '2027-07-01' },
  'nodejs20.x': { deprecated: '2026-04-30', blockUpdate: '2027-03-03' },
  'python3.14': { deprecated: '2029-06-30', blockUpdate: '2029-08-31' },
  'python3.13': { deprecated: '2029-06-30', blockUpdate: '2029-08-31' },
  'python3.12': { deprecated: '2028-10-31', blockUpdate: '2029-01-10' },
  'python3.11': { deprecated: '2027-06-30', blockUpdate: '2027-08-31' },
  'python3.10': { deprecated: '2026-10-31', blockUpdate: '2027-03-03' },
  'python3.9': { deprecated: '2025-12-15', blockUpdate: '2027-03-03' },
  'ruby4.0': { deprecated: '2029-03-31', blockUpdate: '2029-05-31' },
  'ruby3.4': { deprecated: '2028-03-31', blockUpdate: '2028-05-31' },
  'ruby3.3': { deprecated: '2027-03-31', blockUpdate: '2027-05-31' },
  'ruby3.2': { deprecated: '2026-03-31', blockUpdate: '2027-03-03' },
  java25: { deprecated: '2029-06-30', blockUpdate: '2029-08-31' },
  java21: { deprecated: '2029-06-30', blockUpdate: '2029-08-31' },
  java17: { deprecated: '2027-06-30', blockUpdate: '2027-08-31' },
  java11: { deprecated: '2027-06-30', blockUpdate: '2027-08-31' },
  'java8.al2': { deprecated: '2027-06-30', blockUpdate: '2027-08-31' },
  dotnet10: { deprecated: '2028-11-14', blockUpdate: '2029-01-15' },
  dotnet8: { deprecated: '2026-11-10', blockUpdate: '2027-03-03' },
  'provided.al2023': { deprecated: '2029-06-30', blockUpdate: '2029-08-31' },
  'provided.al2': { deprecated: '2026-07-31', blockUpdate: '2027-03-03' },
};

/** Today as Lambda's tables write dates (UTC), so that dates compare as strings. */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** True when Lambda has deprecated the runtime by that day. */
export function isDeprecated(id: string, on: string = today()): boolean {
  const lifecycle = runtimeLifecycle[id];
  return lifecycle !== undefined && lifecycle.deprecated <= on;
}

/**
 * What Lambda says of a deprecated runtime, with its dates, what to use instead and the source;
 * undefined while the runtime is supported.
 */
export function deprecationNotice(id: string, successor: string | undefined, on: string = today()): string | undefined {
  const lifecycle = runtimeLifecycle[id];
  if (!lifecycle || lifecycle.deprecated > on) return undefined;
  const blocked = lifecycle.blockUpdate <= on ? `since ${lifecycle.blockUpdate}` : `from ${lifecycle.blockUpdate}`;
  return (
    `[lambda-dojo] Lambda deprecated the ${id} runtime on ${lifecycle.deprecated}: it gets no more security patches and ` +
    `functions on it no technical support; Lambda blocks updates to them ${blocked}, and invocations keep working. ` +
    `${successor ? `Move to ${successor}. ` : ''}Source: ${deprecationSource}`
  );
}
