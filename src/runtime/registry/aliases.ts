// Aliases: a name that points at a published version, optionally sending a weighted share of
// invocations to a second version (docs: configuration-aliases.html, API_CreateAlias.html).

import { LambdaServiceError } from '../errors.ts';

export interface AliasRoutingConfiguration {
  /** At most one extra version, with the share (0 to 1) of invocations it receives. */
  AdditionalVersionWeights: Record<string, number>;
}

export interface AliasConfiguration {
  AliasArn: string;
  Name: string;
  FunctionVersion: string;
  Description: string;
  RoutingConfig?: AliasRoutingConfiguration;
}

export interface AliasInput {
  Name: string;
  FunctionVersion: string;
  Description?: string;
  RoutingConfig?: AliasRoutingConfiguration;
}

/** Alias names: 1 to 128 of [a-zA-Z0-9-_], not all digits (those are versions). Source: API_CreateAlias.html. */
const aliasNamePattern = /^(?!\d+$)[a-zA-Z0-9_-]{1,128}$/;

function invalid(message: string): never {
  throw new LambdaServiceError('InvalidParameterValueException', message);
}

export function checkAliasName(name: unknown): string {
  if (typeof name !== 'string' || !aliasNamePattern.test(name)) {
    throw new LambdaServiceError(
      'ValidationException',
      `1 validation error detected: Value '${String(name)}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+). An alias name has 1 to 128 letters, digits, hyphens or underscores and is not a number (numbers name versions), e.g. live or prod.`,
    );
  }
  return name;
}

/**
 * Checks where an alias points. `exists` tells whether a version is there; an alias may point
 * at $LATEST, but weighted routing works between published versions only.
 */
export function checkAliasTarget(input: Pick<AliasInput, 'FunctionVersion' | 'RoutingConfig'>, exists: (version: string) => boolean, functionArn: string): void {
  const primary = input.FunctionVersion;
  if (typeof primary !== 'string' || !(primary === '$LATEST' || /^\d+$/.test(primary))) {
    invalid(`FunctionVersion '${String(primary)}' is not a version: give $LATEST or a published version number such as 1.`);
  }
  if (!exists(primary)) {
    throw new LambdaServiceError('ResourceNotFoundException', `Function not found: ${functionArn}:${primary}. Publish the version first (publishVersion), then point the alias at it.`);
  }
  const weights = input.RoutingConfig?.AdditionalVersionWeights;
  if (weights === undefined) return;
  const entries = Object.entries(weights ?? {});
  if (entries.length > 1) invalid(`RoutingConfig names ${entries.length} additional versions; an alias can route to one additional version only.`);
  if (entries.length === 0) return;
  if (primary === '$LATEST') invalid('An alias that routes between versions must point at a published version, not $LATEST: publish a version and use its number.');
  const [version, weight] = entries[0]!;
  if (!/^\d+$/.test(version)) invalid(`RoutingConfig version '${version}' is not a published version number.`);
  if (version === primary) invalid(`RoutingConfig sends traffic to version ${version}, which is already the alias's main version: name a different one.`);
  if (!exists(version)) throw new LambdaServiceError('ResourceNotFoundException', `Function not found: ${functionArn}:${version}. Publish it before routing to it.`);
  if (typeof weight !== 'number' || !(weight >= 0 && weight <= 1)) {
    invalid(`RoutingConfig weight ${JSON.stringify(weight)} for version ${version} is not between 0.0 and 1.0: it is the share of invocations that version receives, e.g. 0.1 for 10%.`);
  }
}

/** Picks the version one invocation of the alias runs: the extra version with its weight's probability. */
export function chooseVersion(alias: AliasConfiguration, random: () => number = Math.random): string {
  const [extra] = Object.entries(alias.RoutingConfig?.AdditionalVersionWeights ?? {});
  return extra && random() < extra[1] ? extra[0] : alias.FunctionVersion;
}
