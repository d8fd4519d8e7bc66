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

import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import {
  managedCachePolicies,
  managedOriginRequestPolicies,
  PolicyError,
  readCachePolicy,
  readForwardedValues,
  readOriginRequestPolicy,
  union,
  type Forwarding,
} from './cache-policies.ts';

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
  /** Query strings, headers and cookies in the cache key. */
  cacheKey: Forwarding;
  /** What reaches the origin (and its functions): the cache key and what an origin request policy adds. */
  forward: Forwarding;
  associations: Partial<Record<EdgeEventType, FunctionAssociation>>;
  /** Methods the behaviour accepts (GET and HEAD unless AllowedMethods says more), and those it caches. */
  allowedMethods: string[];
  cachedMethods: string[];
}

/** A template's own AWS::CloudFront::CachePolicy or ::OriginRequestPolicy, by the ID its Ref gives. */
export type PolicyLookup = (id: string) => { type: 'cache' | 'origin-request'; logicalId: string; config: Json | undefined } | undefined;

export interface DistributionConfig {
  logicalId: string;
  id: string;
  domainName: string;
  defaultRootObject: string;
  origins: Map<string, OriginConfig>;
  /** Path-pattern behaviours in template order, then the default one. */
  behaviors: CacheBehavior[];
  enabled: boolean;
  /** CustomErrorResponses by the origin's status code. */
  errorResponses: Map<number, CustomErrorResponse>;
}

/** A custom error page: what CloudFront answers, and caches, when the origin answers this error. */
export interface CustomErrorResponse {
  errorCode: number;
  /** The page to answer with, fetched from the origin of the behaviour its path matches. */
  pagePath?: string;
  responseCode?: number;
  /** How long the error (or page) is cached at least; 10 s when unset. */
  cachingMinTtl?: number;
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
    const folder = isAbsolute(mapped) ? mapped : resolvePath(directory, mapped);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new DistributionConfigError(`Metadata.LambdaDojo.LocalOrigins.${id}`, `${mapped} is not a folder (looked for ${folder}): name the folder that stands for the bucket, relative to the template.`);
    }
    return { kind: 'folder', folder };
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

function readBehavior(behavior: Json, at: string, pathPattern: string, origins: Map<string, OriginConfig>, policies: PolicyLookup): CacheBehavior {
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
  const ttlsAndKey = cachePolicy(behavior, at, policies);
  const extra = originRequestPolicy(behavior, at, policies);
  const methods = (key: string, fallback: string[]) => (Array.isArray(behavior[key]) ? (behavior[key] as Json[]).map((m) => String(m).toUpperCase()) : fallback);
  const allowedMethods = methods('AllowedMethods', ['GET', 'HEAD']);
  // The three sets CloudFront takes. Source: distribution-web-values-specify.html (Allowed HTTP methods)
  const sets = ['GET,HEAD', 'GET,HEAD,OPTIONS', 'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'];
  if (!sets.includes([...allowedMethods].sort().join(','))) {
    throw new DistributionConfigError(`${at}.AllowedMethods`, `${JSON.stringify(allowedMethods)} is not one of CloudFront's sets: [GET, HEAD], [GET, HEAD, OPTIONS], or [GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE].`);
  }
  const cachedMethods = methods('CachedMethods', ['GET', 'HEAD']).filter((m) => m === 'GET' || m === 'HEAD' || m === 'OPTIONS');
  return { pathPattern, targetOriginId, ...ttlsAndKey.ttls, cacheKey: ttlsAndKey.key, forward: union(ttlsAndKey.key, extra), associations, allowedMethods, cachedMethods };
}

function cachePolicy(behavior: Record<string, Json>, at: string, policies: PolicyLookup): { ttls: { minTtl: number; defaultTtl: number; maxTtl: number }; key: Forwarding } {
  const id = behavior.CachePolicyId === undefined ? undefined : text(behavior.CachePolicyId, `${at}.CachePolicyId`);
  if (id !== undefined) {
    const managed = managedCachePolicies[id];
    if (managed) return managed;
    const own = policies(id);
    if (own?.type === 'cache') return withPolicyErrors(() => readCachePolicy((own.config as Record<string, Json> | undefined)?.CachePolicyConfig, `${own.logicalId}.CachePolicyConfig`));
    throw new DistributionConfigError(
      `${at}.CachePolicyId`,
      `'${id}' is neither an AWS::CloudFront::CachePolicy of this template (!Ref it) nor a managed cache policy this course knows (${Object.entries(managedCachePolicies).map(([k, p]) => `${p.name} ${k}`).join(', ')}).`,
    );
  }
  const forwarded = isMap(behavior.ForwardedValues) ? behavior.ForwardedValues : undefined;
  if (!forwarded) throw new DistributionConfigError(at, 'needs a CachePolicyId or ForwardedValues (CloudFront requires one of them).');
  const minTtl = wholeNumber(behavior.MinTTL, `${at}.MinTTL`, legacyTtl.min);
  const defaultTtl = wholeNumber(behavior.DefaultTTL, `${at}.DefaultTTL`, legacyTtl.default);
  const maxTtl = wholeNumber(behavior.MaxTTL, `${at}.MaxTTL`, legacyTtl.max);
  if (!(minTtl <= defaultTtl && defaultTtl <= maxTtl)) throw new DistributionConfigError(`${at}.DefaultTTL`, `MinTTL ${minTtl} <= DefaultTTL ${defaultTtl} <= MaxTTL ${maxTtl} does not hold: CloudFront requires it.`);
  return { ttls: { minTtl, defaultTtl, maxTtl }, key: withPolicyErrors(() => readForwardedValues(forwarded, `${at}.ForwardedValues`)) };
}

function originRequestPolicy(behavior: Record<string, Json>, at: string, policies: PolicyLookup): Forwarding | undefined {
  if (behavior.OriginRequestPolicyId === undefined) return undefined;
  const id = text(behavior.OriginRequestPolicyId, `${at}.OriginRequestPolicyId`);
  const managed = managedOriginRequestPolicies[id];
  if (managed) return managed.forward;
  const own = policies(id);
  if (own?.type === 'origin-request') return withPolicyErrors(() => readOriginRequestPolicy((own.config as Record<string, Json> | undefined)?.OriginRequestPolicyConfig, `${own.logicalId}.OriginRequestPolicyConfig`));
  throw new DistributionConfigError(
    `${at}.OriginRequestPolicyId`,
    `'${id}' is neither an AWS::CloudFront::OriginRequestPolicy of this template (!Ref it) nor a managed origin request policy this course knows (${Object.entries(managedOriginRequestPolicies).map(([k, p]) => `${p.name} ${k}`).join(', ')}).`,
  );
}

function withPolicyErrors<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof PolicyError) throw new DistributionConfigError(error.property, error.message);
    throw error;
  }
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

export function readDistributionConfig(logicalId: string, config: Json | undefined, metadata: Json | undefined, directory: string, policies: PolicyLookup = () => undefined): DistributionConfig {
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
  // An origin group stands for its first (primary) member: failover to the second is not emulated.
  // Source: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html
  const groups = isMap(config.OriginGroups) && Array.isArray(config.OriginGroups.Items) ? config.OriginGroups.Items : [];
  for (const [i, g] of groups.entries()) {
    const at = `DistributionConfig.OriginGroups.Items[${i}]`;
    const members = isMap(g) && isMap(g.Members) && Array.isArray(g.Members.Items) ? g.Members.Items : [];
    const primary = isMap(members[0]) ? String(members[0].OriginId) : undefined;
    if (!isMap(g) || primary === undefined || !origins.has(primary)) throw new DistributionConfigError(`${at}.Members`, `must name origins of this distribution (it has ${[...origins.keys()].join(', ')}).`);
    origins.set(text(g.Id, `${at}.Id`), origins.get(primary)!);
  }
  const behaviors: CacheBehavior[] = [];
  for (const [i, b] of (Array.isArray(config.CacheBehaviors) ? config.CacheBehaviors : []).entries()) {
    const at = `DistributionConfig.CacheBehaviors[${i}]`;
    const pattern = isMap(b) ? text(b.PathPattern, `${at}.PathPattern`) : '';
    behaviors.push(readBehavior(b, at, pattern, origins, policies));
  }
  if (config.DefaultCacheBehavior === undefined) throw new DistributionConfigError('DistributionConfig.DefaultCacheBehavior', 'is missing: every distribution has a default cache behaviour.');
  behaviors.push(readBehavior(config.DefaultCacheBehavior, 'DistributionConfig.DefaultCacheBehavior', '*', origins, policies));
  const id = distributionId(logicalId);
  return {
    logicalId,
    id,
    domainName: `d${id.slice(1).toLowerCase()}.cloudfront.net`,
    defaultRootObject: text(config.DefaultRootObject, 'DistributionConfig.DefaultRootObject', ''),
    origins,
    behaviors,
    enabled: config.Enabled !== false && config.Enabled !== 'false',
    errorResponses: readErrorResponses(config.CustomErrorResponses),
  };
}

/** CustomErrorResponses. Source: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/GeneratingCustomErrorResponses.html */
function readErrorResponses(value: Json | undefined): Map<number, CustomErrorResponse> {
  const out = new Map<number, CustomErrorResponse>();
  for (const [i, e] of (Array.isArray(value) ? value : []).entries()) {
    const at = `DistributionConfig.CustomErrorResponses[${i}]`;
    if (!isMap(e)) throw new DistributionConfigError(at, 'must be a map with ErrorCode.');
    const errorCode = Number(e.ErrorCode);
    if (!Number.isInteger(errorCode) || errorCode < 400 || errorCode > 599) throw new DistributionConfigError(`${at}.ErrorCode`, `${JSON.stringify(e.ErrorCode)} is not an HTTP error code (400 to 599).`);
    const pagePath = e.ResponsePagePath === undefined ? undefined : text(e.ResponsePagePath, `${at}.ResponsePagePath`);
    const responseCode = e.ResponseCode === undefined ? undefined : Number(e.ResponseCode);
    if ((pagePath === undefined) !== (responseCode === undefined)) throw new DistributionConfigError(at, 'takes ResponsePagePath and ResponseCode together (or neither, to set only ErrorCachingMinTTL).');
    if (pagePath !== undefined && !pagePath.startsWith('/')) throw new DistributionConfigError(`${at}.ResponsePagePath`, `'${pagePath}' must start with /.`);
    out.set(errorCode, {
      errorCode,
      ...(pagePath !== undefined ? { pagePath, responseCode: responseCode! } : {}),
      ...(e.ErrorCachingMinTTL !== undefined ? { cachingMinTtl: wholeNumber(e.ErrorCachingMinTTL, `${at}.ErrorCachingMinTTL`, 10) } : {}),
    });
  }
  return out;
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
