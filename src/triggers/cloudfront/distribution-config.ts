// A CloudFront distribution's configuration, read from AWS::CloudFront::Distribution's
// DistributionConfig (intrinsics already resolved) into what the local distribution runs:
// origins, cache behaviours in the order CloudFront matches them, their TTLs and cache keys, and
// their Lambda@Edge associations. Anything it cannot run is refused by name, never dropped.
// Sources: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudfront-distribution-distributionconfig.html
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/distribution-web-values-specify.html
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
//
// Where the origins are, locally. A real `sam deploy` must not see local paths, so they live in
// the resource's Metadata (CloudFormation keeps Metadata and acts on none of it):
//   Metadata:
//     LambdaDojo:
//       LocalOrigins:
//         site: ./public                  # an S3 origin served from this folder (relative to the template)
//         api: http://127.0.0.1:8080      # any origin answered by this loopback server instead
// A custom origin whose DomainName is already loopback (localhost, 127.0.0.1) needs no entry.

import { isAbsolute, resolve as resolvePath } from 'node:path';

export type EdgeEventType = 'viewer-request' | 'origin-request' | 'origin-response' | 'viewer-response';
export const edgeEventTypes: readonly EdgeEventType[] = ['viewer-request', 'origin-request', 'origin-response', 'viewer-response'];

export interface FunctionAssociation {
  eventType: EdgeEventType;
  functionArn: string;
  includeBody: boolean;
}

export type LocalOrigin = { kind: 'folder'; folder: string } | { kind: 'url'; url: string };

export interface OriginConfig {
  id: string;
  /** The origin's name as CloudFront sees it (the Host it sends, the event's domainName). */
  domainName: string;
  /** OriginPath: a prefix CloudFront puts before the request's URI. */
  path: string;
  type: 's3' | 'custom';
  customHeaders: Record<string, string>;
  port: number;
  protocol: 'http' | 'https';
  readTimeout: number;
  keepaliveTimeout: number;
  local: LocalOrigin;
}

export interface CacheBehavior {
  /** '*' for the default behaviour. */
  pathPattern: string;
  targetOriginId: string;
  minTtl: number;
  defaultTtl: number;
  maxTtl: number;
  /** Query strings in the cache key and sent to the origin. */
  queryString: boolean;
  /** Header names (lower case) in the cache key and sent to the origin; ['*'] for all. */
  headers: string[];
  /** Cookies in the cache key and sent to the origin: 'none', 'all', or names. */
  cookies: 'none' | 'all' | string[];
  associations: Partial<Record<EdgeEventType, FunctionAssociation>>;
}

export interface DistributionConfig {
  logicalId: string;
  id: string;
  domainName: string;
  defaultRootObject: string;
  origins: Map<string, OriginConfig>;
  /** Path-pattern behaviours in template order, then the default one. */
  behaviors: CacheBehavior[];
  enabled: boolean;
}

export class DistributionConfigError extends Error {
  readonly property: string;

  constructor(property: string, rule: string) {
    super(rule);
    this.property = property;
  }
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
const isMap = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Managed cache policies by ID: their TTLs and (empty) cache keys. Source: using-managed-cache-policies.html */
const managedCachePolicies: Record<string, { name: string; minTtl: number; defaultTtl: number; maxTtl: number; queryString: boolean; cookies: 'none' | 'all' }> = {
  '658327ea-f89d-4fab-a63d-7e88639e58f6': { name: 'CachingOptimized', minTtl: 1, defaultTtl: 86_400, maxTtl: 31_536_000, queryString: false, cookies: 'none' },
  'b2884449-e4de-46a7-ac36-70bc7f1ddd6d': { name: 'CachingOptimizedForUncompressedObjects', minTtl: 1, defaultTtl: 86_400, maxTtl: 31_536_000, queryString: false, cookies: 'none' },
  '4135ea2d-6df8-44a3-9df3-4b5a84be39ad': { name: 'CachingDisabled', minTtl: 0, defaultTtl: 0, maxTtl: 0, queryString: false, cookies: 'none' },
  '2e54312d-136d-493c-8eb9-b001f22f67d2': { name: 'Amplify', minTtl: 2, defaultTtl: 2, maxTtl: 600, queryString: true, cookies: 'all' },
};

/** Legacy cache settings' defaults. Source: distribution-web-values-specify.html (Minimum, Default, Maximum TTL). */
const legacyTtl = { min: 0, default: 86_400, max: 31_536_000 };

const loopbackNames = ['localhost', '127.0.0.1', '[::1]', '::1'];

function text(value: Json | undefined, property: string, fallback?: string): string {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    throw new DistributionConfigError(property, 'is missing.');
  }
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw new DistributionConfigError(property, `must be a string, not ${JSON.stringify(value)}.`);
}

function wholeNumber(value: Json | undefined, property: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new DistributionConfigError(property, `${JSON.stringify(value)} is not a whole number of seconds (0 or more).`);
  return n;
}

function localOrigin(id: string, domainName: string, port: number, protocol: string, mapped: Json | undefined, directory: string, type: 's3' | 'custom'): LocalOrigin {
  if (typeof mapped === 'string') {
    if (/^https?:\/\//.test(mapped)) {
      const url = new URL(mapped);
      if (!loopbackNames.includes(url.hostname)) {
        throw new DistributionConfigError(`Metadata.LambdaDojo.LocalOrigins.${id}`, `${mapped} is not a loopback address: a local distribution reaches only servers on this machine (http://127.0.0.1:PORT).`);
      }
      return { kind: 'url', url: mapped.replace(/\/$/, '') };
    }
    return { kind: 'folder', folder: isAbsolute(mapped) ? mapped : resolvePath(directory, mapped) };
  }
  if (mapped !== undefined) throw new DistributionConfigError(`Metadata.LambdaDojo.LocalOrigins.${id}`, 'must be a folder (for an S3 origin) or a loopback URL such as http://127.0.0.1:8080.');
  if (type === 'custom' && loopbackNames.includes(domainName)) {
    if (protocol === 'https') throw new DistributionConfigError(`DistributionConfig.Origins[${id}].CustomOriginConfig.OriginProtocolPolicy`, 'is https-only: a local origin is reached over plain HTTP. Use http-only (or match-viewer).');
    return { kind: 'url', url: `http://127.0.0.1:${port}` };
  }
  throw new DistributionConfigError(
    `DistributionConfig.Origins[${id}]`,
    type === 's3'
      ? `is an S3 origin (${domainName}): name the local folder that stands for the bucket under the distribution's Metadata, LambdaDojo: { LocalOrigins: { ${id}: ./folder } }.`
      : `reaches ${domainName}, which is not on this machine: set its DomainName to localhost with CustomOriginConfig.HTTPPort, or map it under Metadata, LambdaDojo: { LocalOrigins: { ${id}: http://127.0.0.1:PORT } }.`,
  );
}

function readOrigin(origin: Json, index: number, localOrigins: Record<string, Json>, directory: string): OriginConfig {
  const at = `DistributionConfig.Origins[${index}]`;
  if (!isMap(origin)) throw new DistributionConfigError(at, 'must be a map with Id and DomainName.');
  const id = text(origin.Id, `${at}.Id`);
  const domainName = text(origin.DomainName, `${at}.DomainName`).toLowerCase();
  const custom = isMap(origin.CustomOriginConfig) ? origin.CustomOriginConfig : undefined;
  const type: 's3' | 'custom' = custom ? 'custom' : 's3';
  const policy = custom ? text(custom.OriginProtocolPolicy, `${at}.CustomOriginConfig.OriginProtocolPolicy`, 'match-viewer') : 'https-only';
  const protocol = policy === 'https-only' ? 'https' : 'http';
  const port = custom ? wholeNumber(protocol === 'https' ? custom.HTTPSPort : custom.HTTPPort, `${at}.CustomOriginConfig.HTTPPort`, protocol === 'https' ? 443 : 80) : 443;
  const customHeaders: Record<string, string> = {};
  for (const [i, h] of (Array.isArray(origin.OriginCustomHeaders) ? origin.OriginCustomHeaders : []).entries()) {
    if (!isMap(h)) throw new DistributionConfigError(`${at}.OriginCustomHeaders[${i}]`, 'must be a map with HeaderName and HeaderValue.');
    customHeaders[text(h.HeaderName, `${at}.OriginCustomHeaders[${i}].HeaderName`)] = text(h.HeaderValue, `${at}.OriginCustomHeaders[${i}].HeaderValue`);
  }
  const originPath = text(origin.OriginPath, `${at}.OriginPath`, '');
  if (originPath !== '' && (!originPath.startsWith('/') || originPath.endsWith('/'))) {
    throw new DistributionConfigError(`${at}.OriginPath`, `'${originPath}' must start with / and not end with one (for example /production).`);
  }
  return {
    id,
    domainName,
    path: originPath,
    type,
    customHeaders,
    port,
    protocol: type === 's3' ? 'https' : protocol,
    readTimeout: custom ? wholeNumber(custom.OriginReadTimeout, `${at}.CustomOriginConfig.OriginReadTimeout`, 30) : 30,
    keepaliveTimeout: custom ? wholeNumber(custom.OriginKeepaliveTimeout, `${at}.CustomOriginConfig.OriginKeepaliveTimeout`, 5) : 5,
    local: localOrigin(id, domainName, port, protocol, localOrigins[id], directory, type),
  };
}

function readBehavior(behavior: Json, at: string, pathPattern: string, origins: Map<string, OriginConfig>): CacheBehavior {
  if (!isMap(behavior)) throw new DistributionConfigError(at, 'must be a map with TargetOriginId and ViewerProtocolPolicy.');
  const targetOriginId = text(behavior.TargetOriginId, `${at}.TargetOriginId`);
  if (!origins.has(targetOriginId)) throw new DistributionConfigError(`${at}.TargetOriginId`, `'${targetOriginId}' names no origin of this distribution (it has ${[...origins.keys()].join(', ')}).`);
  const associations: CacheBehavior['associations'] = {};
  for (const [i, a] of (Array.isArray(behavior.LambdaFunctionAssociations) ? behavior.LambdaFunctionAssociations : []).entries()) {
    const where = `${at}.LambdaFunctionAssociations[${i}]`;
    if (!isMap(a)) throw new DistributionConfigError(where, 'must be a map with EventType and LambdaFunctionARN.');
    const eventType = text(a.EventType, `${where}.EventType`) as EdgeEventType;
    if (!edgeEventTypes.includes(eventType)) throw new DistributionConfigError(`${where}.EventType`, `'${eventType}' is not one of ${edgeEventTypes.join(', ')}.`);
    // One function per event type per behaviour. Source: edge-function-restrictions-all.html
    if (associations[eventType]) throw new DistributionConfigError(`${where}.EventType`, `${eventType} is associated twice: a cache behaviour takes one function per event type.`);
    const includeBody = a.IncludeBody === true || a.IncludeBody === 'true';
    // The body goes to request events only. Source: lambda-include-body-access.html
    if (includeBody && !eventType.endsWith('-request')) throw new DistributionConfigError(`${where}.IncludeBody`, `is for viewer-request and origin-request functions; ${eventType} gets no request body.`);
    associations[eventType] = { eventType, functionArn: text(a.LambdaFunctionARN, `${where}.LambdaFunctionARN`), includeBody };
  }
  if (Array.isArray(behavior.FunctionAssociations) && behavior.FunctionAssociations.length > 0) {
    throw new DistributionConfigError(`${at}.FunctionAssociations`, 'are CloudFront Functions, which this course does not run: use LambdaFunctionAssociations (Lambda@Edge).');
  }
  const policyId = behavior.CachePolicyId === undefined ? undefined : text(behavior.CachePolicyId, `${at}.CachePolicyId`);
  if (policyId !== undefined) {
    const policy = managedCachePolicies[policyId];
    if (!policy) {
      throw new DistributionConfigError(
        `${at}.CachePolicyId`,
        `'${policyId}' is not a managed cache policy this course knows (${Object.entries(managedCachePolicies).map(([id, p]) => `${p.name} ${id}`).join(', ')}). Use one of them, or the legacy MinTTL, DefaultTTL, MaxTTL and ForwardedValues.`,
      );
    }
    return { pathPattern, targetOriginId, minTtl: policy.minTtl, defaultTtl: policy.defaultTtl, maxTtl: policy.maxTtl, queryString: policy.queryString, headers: [], cookies: policy.cookies, associations };
  }
  const forwarded = isMap(behavior.ForwardedValues) ? behavior.ForwardedValues : undefined;
  if (!forwarded) throw new DistributionConfigError(at, 'needs a CachePolicyId or ForwardedValues (CloudFront requires one of them).');
  const cookies = isMap(forwarded.Cookies) ? forwarded.Cookies : {};
  const forward = text(cookies.Forward, `${at}.ForwardedValues.Cookies.Forward`, 'none');
  const minTtl = wholeNumber(behavior.MinTTL, `${at}.MinTTL`, legacyTtl.min);
  const defaultTtl = wholeNumber(behavior.DefaultTTL, `${at}.DefaultTTL`, legacyTtl.default);
  const maxTtl = wholeNumber(behavior.MaxTTL, `${at}.MaxTTL`, legacyTtl.max);
  if (!(minTtl <= defaultTtl && defaultTtl <= maxTtl)) throw new DistributionConfigError(`${at}.DefaultTTL`, `MinTTL ${minTtl} <= DefaultTTL ${defaultTtl} <= MaxTTL ${maxTtl} does not hold: CloudFront requires it.`);
  return {
    pathPattern,
    targetOriginId,
    minTtl,
    defaultTtl,
    maxTtl,
    queryString: forwarded.QueryString === true || forwarded.QueryString === 'true',
    headers: (Array.isArray(forwarded.Headers) ? forwarded.Headers : []).map((h, i) => text(h, `${at}.ForwardedValues.Headers[${i}]`).toLowerCase()),
    cookies: forward === 'all' ? 'all' : forward === 'whitelist' ? (Array.isArray(cookies.WhitelistedNames) ? cookies.WhitelistedNames.map(String) : []) : 'none',
    associations,
  };
}

/** An ID shaped like CloudFront's (E + 13 upper-case letters and digits), the same for the same logical id. */
export function distributionId(logicalId: string): string {
  let hash = 2166136261;
  for (const c of logicalId) hash = Math.imul(hash ^ c.charCodeAt(0), 16777619) >>> 0;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let id = 'E';
  for (let i = 0; i < 13; i++) {
    hash = Math.imul(hash ^ (hash >>> 15), 2246822519) >>> 0;
    id += alphabet[hash % alphabet.length];
  }
  return id;
}

export function readDistributionConfig(logicalId: string, config: Json | undefined, metadata: Json | undefined, directory: string): DistributionConfig {
  if (!isMap(config)) throw new DistributionConfigError('DistributionConfig', 'is missing: AWS::CloudFront::Distribution needs DistributionConfig with Origins and DefaultCacheBehavior.');
  const local = isMap(metadata) && isMap(metadata.LambdaDojo) && isMap(metadata.LambdaDojo.LocalOrigins) ? metadata.LambdaDojo.LocalOrigins : {};
  if (!Array.isArray(config.Origins) || config.Origins.length === 0) throw new DistributionConfigError('DistributionConfig.Origins', 'must list at least one origin.');
  const origins = new Map<string, OriginConfig>();
  for (const [i, o] of config.Origins.entries()) {
    const origin = readOrigin(o, i, local, directory);
    if (origins.has(origin.id)) throw new DistributionConfigError(`DistributionConfig.Origins[${i}].Id`, `'${origin.id}' is used twice: origin ids are unique within a distribution.`);
    origins.set(origin.id, origin);
  }
  for (const id of Object.keys(local)) {
    if (!origins.has(id)) throw new DistributionConfigError(`Metadata.LambdaDojo.LocalOrigins.${id}`, `names no origin of this distribution (it has ${[...origins.keys()].join(', ')}).`);
  }
  const behaviors: CacheBehavior[] = [];
  for (const [i, b] of (Array.isArray(config.CacheBehaviors) ? config.CacheBehaviors : []).entries()) {
    const at = `DistributionConfig.CacheBehaviors[${i}]`;
    const pattern = isMap(b) ? text(b.PathPattern, `${at}.PathPattern`) : '';
    behaviors.push(readBehavior(b, at, pattern, origins));
  }
  if (config.DefaultCacheBehavior === undefined) throw new DistributionConfigError('DistributionConfig.DefaultCacheBehavior', 'is missing: every distribution has a default cache behaviour.');
  behaviors.push(readBehavior(config.DefaultCacheBehavior, 'DistributionConfig.DefaultCacheBehavior', '*', origins));
  const id = distributionId(logicalId);
  return {
    logicalId,
    id,
    domainName: `d${id.slice(1).toLowerCase()}.cloudfront.net`,
    defaultRootObject: text(config.DefaultRootObject, 'DistributionConfig.DefaultRootObject', ''),
    origins,
    behaviors,
    enabled: config.Enabled !== false && config.Enabled !== 'false',
  };
}

/**
 * CloudFront's path patterns: `*` any run of characters, `?` one character, case-sensitive,
 * a leading slash optional. Source: distribution-web-values-specify.html#DownloadDistValuesPathPattern
 */
export function matchesPathPattern(pattern: string, path: string): boolean {
  if (pattern === '*') return true;
  const normalised = pattern.startsWith('/') ? pattern : `/${pattern}`;
  const regex = new RegExp(`^${normalised.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return regex.test(path);
}

/** The first behaviour whose pattern matches, the default last. */
export function behaviorFor(config: DistributionConfig, path: string): CacheBehavior {
  return config.behaviors.find((b) => matchesPathPattern(b.pathPattern, path)) ?? config.behaviors[config.behaviors.length - 1]!;
}
