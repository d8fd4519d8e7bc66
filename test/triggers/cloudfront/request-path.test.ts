// A request's way through a local distribution, over real HTTP: the four triggers in CloudFront's
// order, the cache between them (a hit runs no origin trigger), X-Cache, and what each trigger's
// result does to the request or the response.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useService } from '../../support/service.ts';
import { association, nodeFunction, siteTemplate, startEdgeStack, type EdgeStack } from './edge-stack.ts';

const service = useService();
const stacks: EdgeStack[] = [];
afterAll(async () => {
  for (const s of stacks) await s.close();
});
const start = async (template: string, files: Record<string, string> = {}) => {
  const stack = await startEdgeStack(service(), template, { 'public/index.html': '<h1>home</h1>', 'public/about/index.html': '<h1>about</h1>', ...files });
  stacks.push(stack);
  return stack;
};

const tag = (name: string, header: string) =>
  nodeFunction(name, `exports.handler = async (event) => {
  const cf = event.Records[0].cf;
  const target = cf.response ?? cf.request;
  target.headers['${header}'] = [{ key: '${header}', value: cf.config.eventType + ' ' + (cf.request.uri) }];
  return target;
};`);

describe('the four triggers and the cache', () => {
  let stack: EdgeStack;
  beforeAll(async () => {
    stack = await start(
      siteTemplate(
        tag('ViewerReq', 'x-vr') + tag('OriginReq', 'x-or') + tag('OriginRes', 'x-ores') + tag('ViewerRes', 'x-vres'),
        association('viewer-request', 'ViewerReq') + association('origin-request', 'OriginReq') + association('origin-response', 'OriginRes') + association('viewer-response', 'ViewerRes'),
      ),
    );
  });

  it('runs all four triggers on a miss, and only the viewer triggers on the hit that follows', async () => {
    const miss = await fetch(`${stack.url}/about/index.html`);
    expect(miss.status).toBe(200);
    expect(miss.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(miss.headers.get('x-ores')).toBe('origin-response /about/index.html');
    expect(miss.headers.get('x-vres')).toBe('viewer-response /about/index.html');
    expect(await miss.text()).toBe('<h1>about</h1>');
    const hit = await fetch(`${stack.url}/about/index.html`);
    expect(hit.headers.get('x-cache')).toBe('Hit from cloudfront');
    // The cached object keeps what origin-response added; viewer-response runs again.
    expect(hit.headers.get('x-ores')).toBe('origin-response /about/index.html');
    expect(hit.headers.get('x-vres')).toBe('viewer-response /about/index.html');
    const lines = stack.log.filter((l) => l.includes(' GET /about/index.html '));
    expect(lines[0]).toMatch(/Miss .* triggers: viewer-request\(ViewerReq-\d+:1\) origin-request\(OriginReq-\d+:1\) origin-response\(OriginRes-\d+:1\) viewer-response\(ViewerRes-\d+:1\)$/);
    expect(lines[1]).toMatch(/Hit .* triggers: viewer-request\(ViewerReq-\d+:1\) viewer-response\(ViewerRes-\d+:1\)$/);
  });

  it('writes the function logs under /aws/lambda/us-east-1.<name>, with the Region the request ran in', () => {
    expect(stack.log.some((l) => /^\/aws\/lambda\/us-east-1\.ViewerReq-\d+ \[us-east-1\] START RequestId: \S+ Version: 1$/.test(l))).toBe(true);
  });

  it('skips viewer-response when the origin answers 404, and still runs origin-response', async () => {
    const missing = await fetch(`${stack.url}/nothing-here.txt`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-cache')).toBe('Error from cloudfront');
    expect(missing.headers.get('x-ores')).toBe('origin-response /nothing-here.txt');
    expect(missing.headers.get('x-vres')).toBeNull();
  });
});

describe('the cache key and TTLs', () => {
  it('keeps an object for DefaultTTL on the stack clock, then goes back to the origin', async () => {
    const stack = await start(
      siteTemplate(tag('Tagger', 'x-t'), association('viewer-request', 'Tagger'), 'ForwardedValues: { QueryString: false }\n          DefaultTTL: 60\n          MinTTL: 0\n          MaxTTL: 600'),
    );
    expect((await fetch(`${stack.url}/index.html`)).headers.get('x-cache')).toBe('Miss from cloudfront');
    stack.clock.advance(59_000);
    expect((await fetch(`${stack.url}/index.html?a=1`)).headers.get('x-cache')).toBe('Hit from cloudfront');
    stack.clock.advance(2_000);
    expect((await fetch(`${stack.url}/index.html`)).headers.get('x-cache')).toBe('Miss from cloudfront');
  });

  it('forwards the query string to the origin and keys the cache on it only when the behaviour says so', async () => {
    const seen: string[] = [];
    const origin: Server = createServer((req, res) => {
      seen.push(req.url!);
      res.end('ok');
    });
    await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
    const port = (origin.address() as AddressInfo).port;
    try {
      const template = (queryString: boolean) => `Resources:
  Api:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - Id: api
            DomainName: localhost
            CustomOriginConfig: { HTTPPort: ${port}, OriginProtocolPolicy: http-only }
        DefaultCacheBehavior:
          TargetOriginId: api
          ViewerProtocolPolicy: allow-all
          ForwardedValues: { QueryString: ${queryString} }
`;
      const off = await start(template(false));
      await fetch(`${off.url}/items?page=1`);
      expect((await fetch(`${off.url}/items?page=2`)).headers.get('x-cache')).toBe('Hit from cloudfront');
      const on = await start(template(true));
      await fetch(`${on.url}/items?page=1`);
      expect((await fetch(`${on.url}/items?page=2`)).headers.get('x-cache')).toBe('Miss from cloudfront');
      expect(seen).toEqual(['/items', '/items?page=1', '/items?page=2']);
    } finally {
      origin.close();
    }
  });
});

describe('what trigger results do', () => {
  it('sends the origin the URI a viewer-request function rewrote, and caches under it', async () => {
    const stack = await start(
      siteTemplate(
        nodeFunction('Pretty', `exports.handler = async (event) => {
  const request = event.Records[0].cf.request;
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
};`),
        association('viewer-request', 'Pretty'),
      ),
    );
    expect(await (await fetch(`${stack.url}/about/`)).text()).toBe('<h1>about</h1>');
    expect((await fetch(`${stack.url}/about/index.html`)).headers.get('x-cache')).toBe('Hit from cloudfront');
  });

  it('answers with a response a viewer-request function generates, without caching it or running the origin', async () => {
    const stack = await start(
      siteTemplate(
        nodeFunction('Redirect', `exports.handler = async () => ({ status: '302', statusDescription: 'Found', headers: { location: [{ value: '/about/' }] } });`) +
          tag('After', 'x-after'),
        association('viewer-request', 'Redirect') + association('viewer-response', 'After'),
      ),
    );
    const first = await fetch(`${stack.url}/old`, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/about/');
    expect(first.headers.get('x-cache')).toBe('LambdaGeneratedResponse from cloudfront');
    expect(first.headers.get('x-after')).toBeNull();
    expect((await fetch(`${stack.url}/old`, { redirect: 'manual' })).headers.get('x-cache')).toBe('LambdaGeneratedResponse from cloudfront');
    expect(stack.log.at(-1)).toMatch(/triggers: viewer-request\(Redirect-\d+:1\)$/);
  });

  it('shows a viewer-request function the body, base64, when IncludeBody is set', async () => {
    const stack = await start(
      siteTemplate(
        nodeFunction('Echo', `exports.handler = async (event) => {
  const body = { ...event.Records[0].cf.request.body };
  body.bytes = Buffer.from(body.data, 'base64').length;
  if (body.bytes > 100) delete body.data; // the answer itself must stay under 40 KB
  return { status: '200', body: JSON.stringify(body) };
};`),
        association('viewer-request', 'Echo', true),
        'CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad\n          AllowedMethods: [GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE]',
      ),
    );
    const answer = await (await fetch(`${stack.url}/form`, { method: 'POST', body: 'name=Ada' })).json();
    expect(answer).toEqual({ inputTruncated: false, action: 'read-only', encoding: 'base64', data: Buffer.from('name=Ada').toString('base64'), bytes: 8 });
    // Over 40 KB, a viewer-request function sees the first 40 KB, marked truncated; the origin would get it all.
    const long = await (await fetch(`${stack.url}/form`, { method: 'POST', body: 'a'.repeat(50 * 1024) })).json();
    expect(long).toMatchObject({ inputTruncated: true, bytes: 40 * 1024 });
  });
});
