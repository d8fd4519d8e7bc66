// The parts of a distribution that need no function: how long CloudFront keeps an object (the
// origin's Cache-Control and Expires within MinTTL and MaxTTL), which behaviour a path takes, and
// the configuration errors a template author sees.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { behaviorFor, matchesPathPattern, readDistributionConfig, type CacheBehavior } from '../../../src/triggers/cloudfront/distribution-config.ts';
import { ttlSeconds } from '../../../src/triggers/cloudfront/edge-cache.ts';
import type { EdgeHeaders } from '../../../src/triggers/cloudfront/edge-headers.ts';

const nothing = (): CacheBehavior['cacheKey'] => ({ query: { behavior: 'none', names: [] }, headers: { behavior: 'none', names: [] }, cookies: { behavior: 'none', names: [] } });
const behavior = (minTtl: number, defaultTtl: number, maxTtl: number): CacheBehavior => ({ pathPattern: '*', targetOriginId: 'o', minTtl, defaultTtl, maxTtl, cacheKey: nothing(), forward: nothing(), associations: {}, allowedMethods: ['GET', 'HEAD'], cachedMethods: ['GET', 'HEAD'] });
const headers = (pairs: Record<string, string>): EdgeHeaders => Object.fromEntries(Object.entries(pairs).map(([k, v]) => [k.toLowerCase(), [{ key: k, value: v }]]));
const now = Date.parse('2026-12-07T12:00:00Z');

describe('how long CloudFront keeps an object', () => {
  it('uses DefaultTTL when the origin says nothing, and never less than MinTTL', () => {
    expect(ttlSeconds(behavior(0, 86_400, 31_536_000), {}, 200, now)).toBe(86_400);
    expect(ttlSeconds(behavior(100, 50, 1000), {}, 200, now)).toBe(100);
  });

  it('honours max-age within MinTTL and MaxTTL, and prefers s-maxage', () => {
    expect(ttlSeconds(behavior(0, 86_400, 600), headers({ 'Cache-Control': 'max-age=3600' }), 200, now)).toBe(600);
    expect(ttlSeconds(behavior(60, 86_400, 600), headers({ 'Cache-Control': 'max-age=5' }), 200, now)).toBe(60);
    expect(ttlSeconds(behavior(0, 86_400, 31_536_000), headers({ 'Cache-Control': 'public, max-age=300, s-maxage=30' }), 200, now)).toBe(30);
  });

  it('keeps no-cache, no-store and private objects for MinTTL only', () => {
    expect(ttlSeconds(behavior(0, 86_400, 31_536_000), headers({ 'Cache-Control': 'no-cache' }), 200, now)).toBe(0);
    expect(ttlSeconds(behavior(1, 86_400, 31_536_000), headers({ 'Cache-Control': 'private, max-age=600' }), 200, now)).toBe(1);
  });

  it('reads Expires when there is no max-age', () => {
    expect(ttlSeconds(behavior(0, 86_400, 31_536_000), headers({ Expires: new Date(now + 120_000).toUTCString() }), 200, now)).toBe(120);
  });

  it('keeps a cacheable error for the longer of 10 s and its max-age, and other errors not at all', () => {
    expect(ttlSeconds(behavior(0, 86_400, 31_536_000), {}, 404, now)).toBe(10);
    expect(ttlSeconds(behavior(0, 86_400, 31_536_000), headers({ 'Cache-Control': 'max-age=60' }), 404, now)).toBe(60);
    expect(ttlSeconds(behavior(0, 86_400, 31_536_000), {}, 409, now)).toBe(0);
  });
});

describe('path patterns and behaviours', () => {
  it('matches * and ? as CloudFront does, case-sensitively, with or without the leading slash', () => {
    expect(matchesPathPattern('images/*.jpg', '/images/a/b.jpg')).toBe(true);
    expect(matchesPathPattern('/images/*.jpg', '/images/b.JPG')).toBe(false);
    expect(matchesPathPattern('/v?/api', '/v2/api')).toBe(true);
    expect(matchesPathPattern('/v?/api', '/v10/api')).toBe(false);
  });

  it('takes the first matching behaviour in template order, then the default', () => {
    const config = readDistributionConfig(
      'Cdn',
      {
        Origins: [{ Id: 'app', DomainName: 'localhost', CustomOriginConfig: { HTTPPort: 8080, OriginProtocolPolicy: 'http-only' } }],
        CacheBehaviors: [
          { PathPattern: '/api/*', TargetOriginId: 'app', ViewerProtocolPolicy: 'allow-all', CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' },
          { PathPattern: '*.css', TargetOriginId: 'app', ViewerProtocolPolicy: 'allow-all', ForwardedValues: { QueryString: true }, MaxTTL: 60, DefaultTTL: 60 },
        ],
        DefaultCacheBehavior: { TargetOriginId: 'app', ViewerProtocolPolicy: 'allow-all', ForwardedValues: { QueryString: false } },
      },
      undefined,
      '/tmp',
    );
    expect(behaviorFor(config, '/api/orders.css').maxTtl).toBe(0);
    expect(behaviorFor(config, '/site.css').cacheKey.query.behavior).toBe('all');
    expect(behaviorFor(config, '/index.html').pathPattern).toBe('*');
  });
});

describe('configuration a template author gets wrong', () => {
  const templateFolder = mkdtempSync(join(tmpdir(), 'edge-config-'));
  mkdirSync(join(templateFolder, 'public'));
  afterAll(() => rmSync(templateFolder, { recursive: true, force: true }));
  const read = (config: unknown, metadata?: unknown) => {
    try {
      readDistributionConfig('Cdn', config as never, metadata as never, templateFolder);
    } catch (error) {
      return `${(error as { property: string }).property}: ${(error as Error).message}`;
    }
    return 'accepted';
  };
  const base = { TargetOriginId: 's3', ViewerProtocolPolicy: 'allow-all', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' };

  it('asks for the local folder of an S3 origin, under the resource Metadata', () => {
    expect(read({ Origins: [{ Id: 's3', DomainName: 'b.s3.amazonaws.com', S3OriginConfig: {} }], DefaultCacheBehavior: base })).toMatch(/LambdaDojo: \{ LocalOrigins: \{ s3: \.\/folder \} \}/);
    expect(read({ Origins: [{ Id: 's3', DomainName: 'b.s3.amazonaws.com', S3OriginConfig: {} }], DefaultCacheBehavior: base }, { LambdaDojo: { LocalOrigins: { s3: './public' } } })).toBe('accepted');
    expect(read({ Origins: [{ Id: 's3', DomainName: 'b.s3.amazonaws.com', S3OriginConfig: {} }], DefaultCacheBehavior: base }, { LambdaDojo: { LocalOrigins: { s3: './site' } } })).toMatch(/LocalOrigins\.s3: \.\/site is not a folder/);
  });

  it('refuses a custom origin off this machine, a second function for one event type, and a body for a response trigger', () => {
    expect(read({ Origins: [{ Id: 's3', DomainName: 'example.org', CustomOriginConfig: {} }], DefaultCacheBehavior: base })).toMatch(/not on this machine/);
    const twice = { ...base, LambdaFunctionAssociations: [{ EventType: 'viewer-request', LambdaFunctionARN: 'a' }, { EventType: 'viewer-request', LambdaFunctionARN: 'b' }] };
    expect(read({ Origins: [{ Id: 's3', DomainName: 'localhost', CustomOriginConfig: {} }], DefaultCacheBehavior: twice })).toMatch(/LambdaFunctionAssociations\[1\]\.EventType: viewer-request is associated twice/);
    const body = { ...base, LambdaFunctionAssociations: [{ EventType: 'origin-response', LambdaFunctionARN: 'a', IncludeBody: true }] };
    expect(read({ Origins: [{ Id: 's3', DomainName: 'localhost', CustomOriginConfig: {} }], DefaultCacheBehavior: body })).toMatch(/IncludeBody: is for viewer-request and origin-request functions/);
  });

  it('serves an origin group from its primary origin', () => {
    const groups = { Quantity: 1, Items: [{ Id: 'group', FailoverCriteria: { StatusCodes: { Quantity: 1, Items: [500] } }, Members: { Quantity: 2, Items: [{ OriginId: 's3' }, { OriginId: 'b' }] } }] };
    const origins = [{ Id: 's3', DomainName: 'localhost', CustomOriginConfig: { HTTPPort: 8081 } }, { Id: 'b', DomainName: 'localhost', CustomOriginConfig: { HTTPPort: 8082 } }];
    const config = readDistributionConfig('Cdn', { Origins: origins, OriginGroups: groups, DefaultCacheBehavior: { ...base, TargetOriginId: 'group' } } as never, undefined, templateFolder);
    expect(config.origins.get('group')!.port).toBe(8081);
  });

  it('names the managed cache policies it knows when given another id', () => {
    expect(read({ Origins: [{ Id: 's3', DomainName: 'localhost', CustomOriginConfig: {} }], DefaultCacheBehavior: { ...base, CachePolicyId: 'abc' } })).toMatch(/neither an AWS::CloudFront::CachePolicy of this template .*\(CachingOptimized 658327ea/);
  });
});
