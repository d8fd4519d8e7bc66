// The edge cache of one distribution: objects keyed as the cache behaviour says (URI, and the
// query string, headers and cookies it forwards), kept for the TTL CloudFront would give them,
// on the stack's clock, so a lab can move time past a TTL instead of waiting for it.
// Sources: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Expiration.html
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/HTTPStatusCodes.html
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/controlling-the-cache-key.html

import type { Clock } from '../../runtime/clock.ts';
import { filterCookies, filterQuery, headerPasses } from './cache-policies.ts';
import type { CacheBehavior } from './distribution-config.ts';
import { headerValue, type EdgeHeaders } from './edge-headers.ts';
import type { EdgeRequest, EdgeResponse } from './edge-events.ts';

interface CacheEntry {
  response: EdgeResponse;
  storedAt: number;
  expiresAt: number;
}

/** Error codes CloudFront caches, for the error caching minimum TTL (10 s by default). Source: HTTPStatusCodes.html */
const cachedErrors = new Set([400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504]);
const errorCachingMinTtl = 10;

/** What the cache key holds: the URI, and the query string, headers and cookies the behaviour puts in it. */
export function cacheKey(behavior: CacheBehavior, request: EdgeRequest): string {
  const key = behavior.cacheKey;
  const parts = [request.uri];
  if (key.query.behavior !== 'none') parts.push(`?${filterQuery(key.query, request.querystring)}`);
  for (const name of Object.keys(request.headers).filter((n) => n !== 'cookie' && headerPasses(key.headers, n)).sort()) {
    parts.push(`${name}=${request.headers[name]!.map((h) => h.value).join(',')}`);
  }
  if (key.cookies.behavior !== 'none') parts.push(`cookie=${filterCookies(key.cookies, (request.headers.cookie ?? []).map((h) => h.value)).sort().join(';')}`);
  return parts.join('\n');
}

function directive(cacheControl: string, name: string): number | undefined {
  const match = new RegExp(`(?:^|,)\\s*${name}\\s*=\\s*"?(\\d+)"?`, 'i').exec(cacheControl);
  return match ? Number(match[1]) : undefined;
}

/**
 * Seconds CloudFront keeps this response: the origin's s-maxage, max-age or Expires bounded by
 * the behaviour's MinTTL and MaxTTL; DefaultTTL when the origin says nothing; MinTTL for
 * no-cache, no-store and private. Errors: the longer of 10 s and the origin's max-age.
 */
export function ttlSeconds(behavior: CacheBehavior, headers: EdgeHeaders, status: number, now: number, errorMinTtl = errorCachingMinTtl): number {
  const cacheControl = (headers['cache-control'] ?? []).map((h) => h.value).join(',');
  const maxAge = directive(cacheControl, 's-maxage') ?? directive(cacheControl, 'max-age');
  if (status >= 400) return cachedErrors.has(status) ? Math.max(errorMinTtl, maxAge ?? 0) : 0;
  if (/(?:^|,)\s*(no-cache|no-store|private)\b/i.test(cacheControl)) return behavior.minTtl;
  let ttl = maxAge;
  if (ttl === undefined) {
    const expires = headerValue(headers, 'expires');
    const at = expires ? Date.parse(expires) : Number.NaN;
    if (!Number.isNaN(at)) ttl = Math.max(0, Math.floor((at - now) / 1000));
  }
  if (ttl === undefined) return Math.max(behavior.minTtl, behavior.defaultTtl);
  return Math.min(Math.max(ttl, behavior.minTtl), behavior.maxTtl);
}

export class EdgeCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly clock: Clock;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** The fresh entry and its age in seconds, or undefined (an expired entry is dropped). */
  get(key: string): { response: EdgeResponse; ageSeconds: number } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.clock.now();
    if (now >= entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    return { response: entry.response, ageSeconds: Math.floor((now - entry.storedAt) / 1000) };
  }

  /** Stores the response for `ttl` seconds; 0 stores nothing. */
  set(key: string, response: EdgeResponse, ttl: number): void {
    if (ttl <= 0) return;
    const now = this.clock.now();
    this.entries.set(key, { response, storedAt: now, expiresAt: now + ttl * 1000 });
  }

  get size(): number {
    return this.entries.size;
  }
}
