// Lambda authorizers on a REST API, with real Node.js and Python authorizer functions and real
// HTTP: when API Gateway does not call the authorizer at all, each answer an authorizer can give
// and the body the client then gets, policy evaluation (Deny first, * and ? wildcards), the
// result cache on the stack clock and its {proxy+} trap, and what reaches the backend.

import { describe, expect, it } from 'vitest';
import { call, useTemplate } from './start-template.ts';

const explicitDeny = '{"Message":"User is not authorized to access this resource with an explicit deny"}';
const implicitDeny = '{"Message":"User is not authorized to access this resource"}';

describe('Lambda authorizers on a REST API', () => {
  const started = useTemplate('api-auth');
  const api = () => started().apis.AuthApi!;
  const get = (path: string, headers: Record<string, string> = {}) => call(`${api()}${path}`, { headers });
  const lastLog = (pattern: RegExp) => started().log.filter((l) => pattern.test(l)).pop() ?? '';

  it('answers 401 without calling the authorizer when the token header is missing, empty or fails ValidationExpression', async () => {
    for (const headers of [{}, { Authorization: '' }, { Authorization: 'Basic never-seen' }] as Array<Record<string, string>>) {
      const r = await get('/pets/1', headers);
      expect(r.status, JSON.stringify(headers)).toBe(401);
      expect(r.text).toBe('{"message":"Unauthorized"}');
      expect(r.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
    }
    expect(lastLog(/authorizer TokenAuth/)).toMatch(/401 without calling the authorizer: the token does not match ValidationExpression/);
    expect(lastLog(/GET \/test\/pets\/1 401/)).toMatch(/authorizer=not-called/);
    const seen = (await get('/pets/1', { Authorization: 'Bearer allow-first' })).json().requestContext.authorizer.seen;
    expect(seen.split(' ')).not.toContain('never-seen');
    expect(seen.split(' ')).toContain('allow-first');
  });

  it('passes principalId and the context to the backend as strings, with integrationLatency, and sends the real methodArn', async () => {
    const r = await get('/pets/42', { Authorization: 'Bearer allow-ada' });
    expect(r.status).toBe(200);
    const event = r.json();
    expect(event.requestContext.authorizer).toMatchObject({ principalId: 'ada', user: 'ada', admin: 'true', count: '3', type: 'TOKEN', integrationLatency: expect.any(Number) });
    expect(event.requestContext.authorizer.methodArn).toBe(`arn:aws:execute-api:us-east-1:123456789012:${event.requestContext.apiId}/test/GET/pets/42`);
  });

  it('answers 401 {"message":"Unauthorized"} when the authorizer fails with "Unauthorized"', async () => {
    const r = await get('/pets/1', { Authorization: 'Bearer unauthorized' });
    expect([r.status, r.text]).toEqual([401, '{"message":"Unauthorized"}']);
  });

  it('answers 403 with the explicit-deny message for a Deny, and names the deciding statement in the log', async () => {
    const r = await get('/pets/1', { Authorization: 'Bearer deny' });
    expect([r.status, r.text]).toEqual([403, explicitDeny]);
    expect(r.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(lastLog(/authorizer TokenAuth/)).toMatch(/403 explicit deny of arn:aws:execute-api:.*\/test\/GET\/pets\/1 by Statement\[0\] \(Deny execute-api:Invoke/);
  });

  it('answers 500 {"message":null} when the authorizer crashes, returns no policy, or puts an object in the context', async () => {
    for (const token of ['crash', 'malformed', 'nested']) {
      const r = await get('/pets/1', { Authorization: `Bearer ${token}` });
      expect([r.status, r.text], token).toEqual([500, '{"message":null}']);
      expect(r.headers.get('x-amzn-errortype')).toBe('AuthorizerConfigurationException');
    }
    expect(started().log.some((l) => /TokenAuth: 500: the authorizer's output cannot be used: context.nested is \{"a":1\}/.test(l))).toBe(true);
  });

  it('lets a matching Deny win over a matching Allow, with * across slashes in the Resource', async () => {
    expect((await get('/pets/1', { Authorization: 'Bearer wild-bob' })).status).toBe(200);
    const secret = await get('/pets/secret-7', { Authorization: 'Bearer wild-bob' });
    expect([secret.status, secret.text]).toEqual([403, explicitDeny]);
    expect(lastLog(/authorizer TokenAuth/)).toMatch(/by Statement\[1\] \(Deny/);
    expect((await get('/orders/a/b/c', { Authorization: 'Bearer wild-bob' })).status).toBe(200);
  });

  it('matches ? as exactly one character, and denies implicitly what no statement allows', async () => {
    expect((await get('/pets/7', { Authorization: 'Bearer qmark' })).status).toBe(200);
    const two = await get('/pets/77', { Authorization: 'Bearer qmark' });
    expect([two.status, two.text]).toEqual([403, implicitDeny]);
  });

  it('caches the result by token, and re-checks the cached policy against each new methodArn (the {proxy+} trap)', async () => {
    const token = { Authorization: 'Bearer allow-trap' };
    const first = await get('/orders/1', token);
    expect(first.status).toBe(200);
    expect(lastLog(/GET \/test\/orders\/1 /)).toMatch(/ 200 authorizer=miss /);
    const again = await get('/orders/1', token);
    expect(again.status).toBe(200);
    expect(lastLog(/GET \/test\/orders\/1 /)).toMatch(/ 200 authorizer=hit /);
    expect(again.json().requestContext.authorizer.seen).toBe(first.json().requestContext.authorizer.seen);
    const next = await get('/orders/2', token);
    expect([next.status, next.text]).toEqual([403, implicitDeny]);
    expect(lastLog(/authorizer TokenAuth/)).toMatch(/no statement allows .*\/test\/GET\/orders\/2 \(cached result, \d+ s left\)/);
  });

  it('calls the authorizer again once ReauthorizeEvery (default 300 s) has passed on the stack clock', async () => {
    const token = { Authorization: 'Bearer allow-ttl' };
    await get('/pets/5', token);
    started().clock.advance(299_000);
    await get('/pets/5', token);
    expect(lastLog(/GET \/test\/pets\/5 /)).toMatch(/authorizer=hit/);
    started().clock.advance(2_000);
    await get('/pets/5', token);
    expect(lastLog(/GET \/test\/pets\/5 /)).toMatch(/authorizer=miss/);
  });

  it('serves a route with Authorizer: NONE without any authorizer', async () => {
    const r = await get('/public');
    expect(r.status).toBe(200);
    expect(r.json().requestContext.authorizer).toBeUndefined();
  });

  it('REQUEST authorizer: 401 without a call when a header or query identity source is missing; the REST REQUEST event; no cache at ReauthorizeEvery 0', async () => {
    expect((await get('/req?key=open')).status).toBe(401);
    expect((await get('/req', { 'X-User': 'cy' })).status).toBe(401);
    const ok = await get('/req?key=open', { 'X-User': 'cy' });
    expect(ok.status).toBe(200);
    const authorizer = ok.json().requestContext.authorizer;
    expect(authorizer).toMatchObject({ principalId: 'cy', user: 'cy', eventType: 'REQUEST' });
    expect(authorizer.eventKeys.split(',')).toEqual(expect.arrayContaining(['methodArn', 'resource', 'path', 'httpMethod', 'headers', 'multiValueHeaders', 'queryStringParameters', 'pathParameters', 'stageVariables', 'requestContext', 'type']));
    await get('/req?key=open', { 'X-User': 'cy' });
    expect(lastLog(/GET \/test\/req\?key=open 200/)).toMatch(/authorizer=off/);
    const denied = await get('/req?key=closed', { 'X-User': 'cy' });
    expect([denied.status, denied.text]).toEqual([403, explicitDeny]);
  });

  it('REQUEST authorizer on a stage variable and context variables: the values reach it, and they key the cache', async () => {
    const first = await get('/stage');
    expect(first.status).toBe(200);
    expect(first.json().requestContext.authorizer).toMatchObject({ tier: 'open', eventType: 'REQUEST' });
    expect(lastLog(/GET \/test\/stage /)).toMatch(/authorizer=miss/);
    await get('/stage');
    expect(lastLog(/GET \/test\/stage /)).toMatch(/authorizer=hit/);
  });
});
