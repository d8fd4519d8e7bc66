// Lambda authorizers on an HTTP API, with real Node.js and Python authorizer functions and real
// HTTP: simple responses (payload 2.0) and a policy-returning 1.0 authorizer, their events, the
// HTTP API's 401/403/500 bodies, identity sources of headers and query strings, and the cache.

import { describe, expect, it } from 'vitest';
import { call, useTemplate } from './start-template.ts';

describe('Lambda authorizers on an HTTP API', () => {
  const started = useTemplate('api-auth');
  const api = () => started().apis.AuthHttpApi!;
  const get = (path: string, headers: Record<string, string> = {}) => call(`${api()}${path}`, { headers });
  const lastLog = (pattern: RegExp) => started().log.filter((l) => pattern.test(l)).pop() ?? '';

  it('answers 401 {"message":"Unauthorized"} without calling the authorizer when the header or the query identity source is missing', async () => {
    for (const [path, headers] of [['/me?tenant=acme', {}], ['/me', { Authorization: 'secret' }]] as const) {
      const r = await get(path, headers);
      expect([r.status, r.text], path).toEqual([401, '{"message":"Unauthorized"}']);
    }
    expect(lastLog(/SimpleAuth/)).toMatch(/without calling the authorizer: the query string tenant is missing/);
  });

  it('simple responses: isAuthorized false is 403 {"message":"Forbidden"}; true passes the context, lists included, at requestContext.authorizer.lambda', async () => {
    const no = await get('/me?tenant=acme', { Authorization: 'wrong' });
    expect([no.status, no.text]).toEqual([403, '{"message":"Forbidden"}']);
    const yes = await get('/me?tenant=acme', { Authorization: 'secret' });
    expect(yes.status).toBe(200);
    const lambda = yes.json().requestContext.authorizer.lambda;
    expect(lambda).toMatchObject({ tenant: 'acme', list: [1, 2], version: '2.0', type: 'REQUEST', identitySource: ['secret', 'acme'] });
    expect(lambda.routeArn).toBe(`arn:aws:execute-api:us-east-1:123456789012:${yes.json().requestContext.apiId}/$default/GET/me`);
  });

  it('reuses a cached simple response for every route with the same identity until ReauthorizeEvery passes', async () => {
    const headers = { Authorization: 'secret' };
    const first = (await get('/me?tenant=cache', headers)).json().requestContext.authorizer.lambda.calls;
    const other = await get('/other?tenant=cache', headers);
    expect(other.status).toBe(200);
    expect(lastLog(/GET \/other\?tenant=cache/)).toMatch(/authorizer=hit/);
    expect(other.json().requestContext.authorizer.lambda.calls).toBe(first);
    started().clock.advance(61_000);
    await get('/other?tenant=cache', headers);
    expect(lastLog(/GET \/other\?tenant=cache/)).toMatch(/authorizer=miss/);
  });

  it('payload 1.0 authorizer: the 1.0 REQUEST event with identitySource as one string, a policy Allow, Deny 403 Forbidden, Unauthorized 401, a crash 500', async () => {
    const ok = await get('/legacy?key=open', { 'X-User': 'dee' });
    expect(ok.status).toBe(200);
    const lambda = ok.json().requestContext.authorizer.lambda;
    expect(lambda).toMatchObject({ user: 'dee', eventType: 'REQUEST', eventVersion: '1.0', identitySource: '"dee,open"' });
    expect(lambda.eventKeys.split(',')).toEqual(expect.arrayContaining(['methodArn', 'identitySource', 'authorizationToken', 'headers', 'queryStringParameters', 'requestContext']));
    expect(lambda.eventKeys.split(',')).not.toContain('multiValueHeaders');
    const deny = await get('/legacy?key=closed', { 'X-User': 'dee' });
    expect([deny.status, deny.text]).toEqual([403, '{"message":"Forbidden"}']);
    const unauthorized = await get('/legacy?key=unauthorized', { 'X-User': 'dee' });
    expect([unauthorized.status, unauthorized.text]).toEqual([401, '{"message":"Unauthorized"}']);
    const crash = await get('/legacy?key=crash', { 'X-User': 'dee' });
    expect([crash.status, crash.text]).toEqual([500, '{"message":"Internal Server Error"}']);
  });

  it('serves a route with Authorizer: NONE without the default authorizer', async () => {
    const r = await get('/open');
    expect(r.status).toBe(200);
    expect(r.json().requestContext.authorizer).toBeUndefined();
  });

  it('an authorizer without Identity has no identity source: it is called for every request, even one without Authorization, and caches nothing', async () => {
    const without = await get('/noid');
    expect([without.status, without.text]).toEqual([403, '{"message":"Forbidden"}']);
    expect(lastLog(/NoIdentityAuth/)).toMatch(/403: isAuthorized: false \(authorizer called\)/);
    for (let i = 0; i < 2; i++) {
      expect((await get('/noid', { Authorization: 'secret' })).status).toBe(200);
      expect(lastLog(/GET \/noid 200/)).toMatch(/authorizer=off/);
    }
  });
});
