// What a cache behaviour puts in the cache key and what it sends to the origin: from the legacy
// ForwardedValues, a cache policy and an origin request policy (AWS's managed ones by ID, or
// AWS::CloudFront::CachePolicy and ::OriginRequestPolicy resources of the same template).
// Sources: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/controlling-the-cache-key.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudfront-cachepolicy.html

/** Which query-string parameters, or cookies: none, all, only these, or all but these. */
export interface NameRule {
  behavior: 'none' | 'all' | 'whitelist' | 'allExcept';
  names: string[];
}

/** Which viewer headers: none, these (lower case), every one, or every one but Host. */
export interface HeaderRule {
  behavior: 'none' | 'whitelist' | 'allViewer' | 'allViewerExceptHost' | 'allExcept';
  names: string[];
}

export interface Ttls {
  minTtl: number;
  defaultTtl: number;
  maxTtl: number;
}

export interface Forwarding {
  query: NameRule;
  headers: HeaderRule;
  cookies: NameRule;
}

export const none: NameRule = { behavior: 'none', names: [] };
const all: NameRule = { behavior: 'all', names: [] };
const noHeaders: HeaderRule = { behavior: 'none', names: [] };

/** Managed cache policies by ID: TTLs and cache keys. */
export const managedCachePolicies: Record<string, { name: string; ttls: Ttls; key: Forwarding }> = {
  '658327ea-f89d-4fab-a63d-7e88639e58f6': { name: 'CachingOptimized', ttls: { minTtl: 1, defaultTtl: 86_400, maxTtl: 31_536_000 }, key: { query: none, headers: noHeaders, cookies: none } },
  'b2884449-e4de-46a7-ac36-70bc7f1ddd6d': { name: 'CachingOptimizedForUncompressedObjects', ttls: { minTtl: 1, defaultTtl: 86_400, maxTtl: 31_536_000 }, key: { query: none, headers: noHeaders, cookies: none } },
  '4135ea2d-6df8-44a3-9df3-4b5a84be39ad': { name: 'CachingDisabled', ttls: { minTtl: 0, defaultTtl: 0, maxTtl: 0 }, key: { query: none, headers: noHeaders, cookies: none } },
};

/** Managed origin request policies by ID: what reaches the origin besides the cache key. */
export const managedOriginRequestPolicies: Record<string, { name: string; forward: Forwarding }> = {
  '216adef6-5c7f-47e4-b989-5492eafa07d3': { name: 'AllViewer', forward: { query: all, headers: { behavior: 'allViewer', names: [] }, cookies: all } },
  'b689b0a8-53d0-40ab-baf2-68738e2966ac': { name: 'AllViewerExceptHostHeader', forward: { query: all, headers: { behavior: 'allViewerExceptHost', names: [] }, cookies: all } },
  '59781a5b-3903-41f3-afcb-af62929ccde1': { name: 'CORS-CustomOrigin', forward: { query: none, headers: { behavior: 'whitelist', names: ['origin'] }, cookies: none } },
  '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf': { name: 'CORS-S3Origin', forward: { query: none, headers: { behavior: 'whitelist', names: ['origin', 'access-control-request-headers', 'access-control-request-method'] }, cookies: none } },
  'acba4595-bd28-49b8-b9fe-13317c0390fa': { name: 'UserAgentRefererHeaders', forward: { query: none, headers: { behavior: 'whitelist', names: ['user-agent', 'referer'] }, cookies: none } },
};

export class PolicyError extends Error {
  readonly property: string;

  constructor(property: string, rule: string) {
    super(rule);
    this.property = property;
  }
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
const isMap = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

function names(value: Json | undefined, at: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new PolicyError(at, `must be a list of names, not ${JSON.stringify(value)}.`);
  return value.map(String);
}

function nameRule(config: Json | undefined, behaviorKey: string, listKey: string, at: string): NameRule {
  if (!isMap(config)) return none;
  const behavior = String(config[behaviorKey] ?? 'none');
  if (!['none', 'all', 'whitelist', 'allExcept'].includes(behavior)) throw new PolicyError(`${at}.${behaviorKey}`, `'${behavior}' is not one of none, whitelist, allExcept, all.`);
  return { behavior: behavior as NameRule['behavior'], names: names(config[listKey], `${at}.${listKey}`) };
}

function headerRule(config: Json | undefined, at: string): HeaderRule {
  if (!isMap(config)) return noHeaders;
  const behavior = String(config.HeaderBehavior ?? 'none');
  const list = names(config.Headers, `${at}.Headers`).map((h) => h.toLowerCase());
  if (behavior === 'allViewerAndWhitelistCloudFront') return { behavior: 'allViewer', names: list };
  if (!['none', 'whitelist', 'allViewer', 'allExcept'].includes(behavior)) throw new PolicyError(`${at}.HeaderBehavior`, `'${behavior}' is not one of none, whitelist, allViewer, allViewerAndWhitelistCloudFront, allExcept.`);
  return { behavior: behavior as HeaderRule['behavior'], names: list };
}

/** An AWS::CloudFront::CachePolicy's CachePolicyConfig. */
export function readCachePolicy(config: Json | undefined, at: string): { ttls: Ttls; key: Forwarding } {
  if (!isMap(config)) throw new PolicyError(at, 'is missing: a cache policy has a CachePolicyConfig with MinTTL, DefaultTTL, MaxTTL and ParametersInCacheKeyAndForwardedToOrigin.');
  const ttl = (key: string) => {
    const n = Number(config[key]);
    if (config[key] === undefined || !Number.isInteger(n) || n < 0) throw new PolicyError(`${at}.${key}`, `${JSON.stringify(config[key])} is not a whole number of seconds.`);
    return n;
  };
  const p = isMap(config.ParametersInCacheKeyAndForwardedToOrigin) ? config.ParametersInCacheKeyAndForwardedToOrigin : {};
  const where = `${at}.ParametersInCacheKeyAndForwardedToOrigin`;
  return {
    ttls: { minTtl: ttl('MinTTL'), defaultTtl: ttl('DefaultTTL'), maxTtl: ttl('MaxTTL') },
    key: {
      query: nameRule(p.QueryStringsConfig, 'QueryStringBehavior', 'QueryStrings', `${where}.QueryStringsConfig`),
      headers: headerRule(p.HeadersConfig, `${where}.HeadersConfig`),
      cookies: nameRule(p.CookiesConfig, 'CookieBehavior', 'Cookies', `${where}.CookiesConfig`),
    },
  };
}

/** An AWS::CloudFront::OriginRequestPolicy's OriginRequestPolicyConfig. */
export function readOriginRequestPolicy(config: Json | undefined, at: string): Forwarding {
  if (!isMap(config)) throw new PolicyError(at, 'is missing: an origin request policy has an OriginRequestPolicyConfig.');
  return {
    query: nameRule(config.QueryStringsConfig, 'QueryStringBehavior', 'QueryStrings', `${at}.QueryStringsConfig`),
    headers: headerRule(config.HeadersConfig, `${at}.HeadersConfig`),
    cookies: nameRule(config.CookiesConfig, 'CookieBehavior', 'Cookies', `${at}.CookiesConfig`),
  };
}

/** The legacy cache settings: ForwardedValues decides both the cache key and what the origin gets. */
export function readForwardedValues(forwarded: Record<string, Json>, at: string): Forwarding {
  const cookies = isMap(forwarded.Cookies) ? forwarded.Cookies : {};
  const forward = String(cookies.Forward ?? 'none');
  const headers = names(forwarded.Headers, `${at}.Headers`).map((h) => h.toLowerCase());
  const queryNames = names(forwarded.QueryStringCacheKeys, `${at}.QueryStringCacheKeys`);
  const queryString = forwarded.QueryString === true || forwarded.QueryString === 'true';
  return {
    query: !queryString ? none : queryNames.length > 0 ? { behavior: 'whitelist', names: queryNames } : all,
    headers: headers.includes('*') ? { behavior: 'allViewer', names: [] } : headers.length > 0 ? { behavior: 'whitelist', names: headers } : noHeaders,
    cookies: forward === 'all' ? all : forward === 'whitelist' ? { behavior: 'whitelist', names: names(cookies.WhitelistedNames, `${at}.Cookies.WhitelistedNames`) } : none,
  };
}

const picks = (rule: NameRule, name: string) =>
  rule.behavior === 'all' || (rule.behavior === 'whitelist' && rule.names.includes(name)) || (rule.behavior === 'allExcept' && !rule.names.includes(name));

/** The query string with only the parameters the rule lets through, in their order. */
export function filterQuery(rule: NameRule, querystring: string): string {
  if (rule.behavior === 'none' || querystring === '') return '';
  if (rule.behavior === 'all') return querystring;
  return querystring.split('&').filter((pair) => picks(rule, decodeURIComponent(pair.split('=')[0]!.replace(/\+/g, ' ')))).join('&');
}

/** The cookies (from Cookie header values) the rule lets through. */
export function filterCookies(rule: NameRule, cookieHeaders: string[]): string[] {
  if (rule.behavior === 'none') return [];
  return cookieHeaders.flatMap((v) => v.split(';')).map((c) => c.trim()).filter((c) => c !== '' && picks(rule, c.split('=')[0]!));
}

/** Whether a viewer header (lower case) passes the rule. */
export function headerPasses(rule: HeaderRule, name: string): boolean {
  switch (rule.behavior) {
    case 'allViewer':
      return true;
    case 'allViewerExceptHost':
      return name !== 'host';
    case 'whitelist':
      return rule.names.includes(name);
    case 'allExcept':
      return !rule.names.includes(name);
    default:
      return false;
  }
}

/** What reaches the origin: the cache key, plus what an origin request policy adds. */
export function union(key: Forwarding, extra: Forwarding | undefined): Forwarding {
  if (!extra) return key;
  const names = (a: NameRule, b: NameRule): NameRule => {
    if (a.behavior === 'all' || b.behavior === 'all') return all;
    if (a.behavior === 'none') return b;
    if (b.behavior === 'none') return a;
    if (a.behavior === 'whitelist' && b.behavior === 'whitelist') return { behavior: 'whitelist', names: [...new Set([...a.names, ...b.names])] };
    return all; // allExcept with anything: close enough to all for what reaches an origin
  };
  const broad = ['allViewer', 'allViewerExceptHost', 'allExcept'];
  let headers: HeaderRule;
  if (key.headers.behavior === 'none') headers = extra.headers;
  else if (extra.headers.behavior === 'none') headers = key.headers;
  else if (key.headers.behavior === 'whitelist' && extra.headers.behavior === 'whitelist') headers = { behavior: 'whitelist', names: [...new Set([...key.headers.names, ...extra.headers.names])] };
  else headers = broad.includes(extra.headers.behavior) ? extra.headers : key.headers;
  return { query: names(key.query, extra.query), headers, cookies: names(key.cookies, extra.cookies) };
}

/** A UUID-shaped policy ID, the same for the same logical id (a template's own policies). */
export function policyId(logicalId: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const c of logicalId) {
    h1 = Math.imul(h1 ^ c.charCodeAt(0), 16777619) >>> 0;
    h2 = Math.imul(h2 ^ c.charCodeAt(0), 2246822519) >>> 0;
  }
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const s = hex(h1) + hex(h2) + hex(h1 ^ h2) + hex(Math.imul(h1, 31) >>> 0);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-a${s.slice(17, 20)}-${s.slice(20, 32)}`;
}
