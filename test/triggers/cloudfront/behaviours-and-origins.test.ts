// Distributions with more than one behaviour and origin, over real HTTP to real loopback
// origins that echo what they were sent: path patterns, what reaches the origin (headers,
// query strings, body), an origin-request function choosing another origin, replacing the body
// or answering itself, policies of the template's own, and methods a behaviour does not allow.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useService } from '../../support/service.ts';
import { association, nodeFunction, startEdgeStack, type EdgeStack } from './edge-stack.ts';

const service = useService();
const stacks: EdgeStack[] = [];

/** A loopback origin that answers what it received, as JSON, and counts requests. */
async function echoOrigin(name: string): Promise<{ port: number; server: Server; seen: Array<{ url: string; headers: Record<string, string>; body: string }> }> {
  const seen: Array<{ url: string; headers: Record<string, string>; body: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { url: req.url!, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(entry);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=600' });
      res.end(JSON.stringify({ origin: name, ...entry }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server, seen };
}

let api: Awaited<ReturnType<typeof echoOrigin>>;
let other: Awaited<ReturnType<typeof echoOrigin>>;
beforeAll(async () => {
  api = await echoOrigin('api');
  other = await echoOrigin('other');
});
afterAll(async () => {
  for (const s of stacks) await s.close();
  api.server.close();
  other.server.close();
});

const start = async (template: string) => {
  const stack = await startEdgeStack(service(), template, { 'public/index.html': '<h1>home</h1>' });
  stacks.push(stack);
  return stack;
};

const twoOrigins = (functions: string, apiBehavior: string, defaultBehavior = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
${functions}
  Cdn:
    Type: AWS::CloudFront::Distribution
    Metadata: { LambdaDojo: { LocalOrigins: { site: ./public } } }
    Properties:
      DistributionConfig:
        Origins:
          - Id: site
            DomainName: site.s3.us-east-1.amazonaws.com
            S3OriginConfig: {}
          - Id: api
            DomainName: localhost
            CustomOriginConfig: { HTTPPort: ${api.port}, OriginProtocolPolicy: http-only }
        CacheBehaviors:
          - PathPattern: /api/*
            TargetOriginId: api
            ViewerProtocolPolicy: allow-all
${apiBehavior}
        DefaultCacheBehavior:
          TargetOriginId: site
          ViewerProtocolPolicy: allow-all
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
${defaultBehavior}
`;

describe('behaviours and origins', () => {
  it('sends /api/* to its origin with its own function, and the rest to the bucket without it', async () => {
    const stack = await start(
      twoOrigins(
        nodeFunction('Tag', "exports.handler = async (e) => { const r = e.Records[0].cf.request; r.headers['x-tagged'] = [{ key: 'X-Tagged', value: 'yes' }]; return r; };"),
        `            CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
            LambdaFunctionAssociations:
${association('origin-request', 'Tag').replace(/^ {12}/gm, '              ')}`,
      ),
    );
    const answer = await (await fetch(`${stack.url}/api/orders?page=2`)).json();
    expect(answer).toMatchObject({ origin: 'api', url: '/api/orders', headers: { 'x-tagged': 'yes', host: 'localhost', 'user-agent': 'Amazon CloudFront', 'x-forwarded-for': '127.0.0.1', via: expect.stringMatching(/^2\.0 \w+\.cloudfront\.net \(CloudFront\)$/) } });
    expect(await (await fetch(`${stack.url}/index.html`)).text()).toBe('<h1>home</h1>');
    expect(stack.log.at(-1)).toMatch(/GET \/index\.html 200 Miss .* triggers: none$/);
  });

  it('sends the origin every viewer header and the query string with AllViewer, while CachingDisabled keys nothing', async () => {
    const stack = await start(
      twoOrigins('', `            CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
            OriginRequestPolicyId: 216adef6-5c7f-47e4-b989-5492eafa07d3`),
    );
    const answer = await (await fetch(`${stack.url}/api/search?q=tea`, { headers: { 'X-Custom': 'kept', Cookie: 'session=abc' } })).json();
    expect(answer.url).toBe('/api/search?q=tea');
    expect(answer.headers).toMatchObject({ 'x-custom': 'kept', cookie: 'session=abc', host: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
  });

  it('keys the cache on the query strings a template\'s own cache policy names, and sends only those', async () => {
    const policy = `  KeyOnVersion:
    Type: AWS::CloudFront::CachePolicy
    Properties:
      CachePolicyConfig:
        Name: key-on-v
        MinTTL: 0
        DefaultTTL: 60
        MaxTTL: 600
        ParametersInCacheKeyAndForwardedToOrigin:
          EnableAcceptEncodingGzip: false
          HeadersConfig: { HeaderBehavior: none }
          CookiesConfig: { CookieBehavior: none }
          QueryStringsConfig: { QueryStringBehavior: whitelist, QueryStrings: [v] }`;
    const stack = await start(twoOrigins(policy, '            CachePolicyId: !Ref KeyOnVersion'));
    const before = api.seen.length;
    const first = await fetch(`${stack.url}/api/app.js?v=1&utm=a`);
    expect((await first.json()).url).toBe('/api/app.js?v=1');
    expect((await fetch(`${stack.url}/api/app.js?v=1&utm=b`)).headers.get('x-cache')).toBe('Hit from cloudfront');
    expect((await fetch(`${stack.url}/api/app.js?v=2`)).headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(api.seen.length - before).toBe(2);
  });

  it('lets an origin-request function choose another origin on this machine', async () => {
    const stack = await start(
      twoOrigins(
        nodeFunction('Choose', `exports.handler = async (e) => { const r = e.Records[0].cf.request; r.origin.custom.port = ${other.port}; return r; };`),
        `            CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
            LambdaFunctionAssociations:
${association('origin-request', 'Choose').replace(/^ {12}/gm, '              ')}`,
      ),
    );
    expect((await (await fetch(`${stack.url}/api/where`)).json()).origin).toBe('other');
  });

  it('sends the origin the body an origin-request function replaced (IncludeBody)', async () => {
    const stack = await start(
      twoOrigins(
        nodeFunction('Rewrite', `exports.handler = async (e) => { const r = e.Records[0].cf.request; const was = Buffer.from(r.body.data, 'base64').toString(); r.body = { action: 'replace', encoding: 'text', data: was.toUpperCase() }; return r; };`),
        `            CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
            AllowedMethods: [GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE]
            LambdaFunctionAssociations:
${association('origin-request', 'Rewrite', true).replace(/^ {12}/gm, '              ')}`,
      ),
    );
    const answer = await (await fetch(`${stack.url}/api/form`, { method: 'POST', body: 'name=ada' })).json();
    expect(answer.body).toBe('NAME=ADA');
  });

  it('caches a response an origin-request function generates, and runs no origin-response for it', async () => {
    const stack = await start(
      twoOrigins(
        nodeFunction('Answer', "exports.handler = async () => ({ status: '200', headers: { 'cache-control': [{ value: 'max-age=60' }] }, body: 'from the edge' });") +
          nodeFunction('After', "exports.handler = async (e) => { const r = e.Records[0].cf.response; r.headers['x-after'] = [{ value: '1' }]; return r; };"),
        `            CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
            LambdaFunctionAssociations:
${(association('origin-request', 'Answer') + association('origin-response', 'After')).replace(/^ {12}/gm, '              ')}`,
      ),
    );
    const first = await fetch(`${stack.url}/api/generated`);
    expect(await first.text()).toBe('from the edge');
    expect(first.headers.get('x-after')).toBeNull();
    expect((await fetch(`${stack.url}/api/generated`)).headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(stack.log.at(-1)).toMatch(/Hit .* triggers: none$/);
  });

  it('refuses a method the behaviour does not allow with CloudFront\'s 403', async () => {
    const stack = await start(twoOrigins('', '            CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad'));
    const refused = await fetch(`${stack.url}/api/orders`, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('This distribution is not configured to allow the HTTP request method that was used for this request');
  });
});

describe('what CloudFront adds', () => {
  it('answers a custom error page for an origin\'s 404, without a viewer-response function, and caches it', async () => {
    const template = twoOrigins(
      nodeFunction('After', "exports.handler = async (e) => { const r = e.Records[0].cf.response; r.headers['x-after'] = [{ value: '1' }]; return r; };"),
      '            CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      `          LambdaFunctionAssociations:\n${association('viewer-response', 'After').replace(/^ {12}/gm, '            ')}`,
    ).replace('        CacheBehaviors:', '        CustomErrorResponses:\n          - { ErrorCode: 404, ResponsePagePath: /index.html, ResponseCode: 200, ErrorCachingMinTTL: 30 }\n        CacheBehaviors:');
    const stack = await start(template);
    const page = await fetch(`${stack.url}/app/settings`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<h1>home</h1>');
    expect(page.headers.get('x-after')).toBeNull();
    expect((await fetch(`${stack.url}/index.html`)).headers.get('x-after')).toBe('1');
    stack.clock.advance(29_000);
    expect((await fetch(`${stack.url}/app/settings`)).headers.get('x-cache')).toBe('Hit from cloudfront');
    stack.clock.advance(2_000);
    expect((await fetch(`${stack.url}/app/settings`)).headers.get('x-cache')).toBe('Error from cloudfront');
  });

  it('adds CloudFront-Is-Mobile-Viewer for the origin when the behaviour forwards it, and keys the cache on it', async () => {
    const stack = await start(twoOrigins('', '            ForwardedValues: { QueryString: false, Headers: [CloudFront-Is-Mobile-Viewer] }'));
    const before = api.seen.length;
    const phone = await (await fetch(`${stack.url}/api/home`, { headers: { 'User-Agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1) Mobile/15E148' } })).json();
    const desktop = await (await fetch(`${stack.url}/api/home`, { headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64)' } })).json();
    expect([phone.headers['cloudfront-is-mobile-viewer'], desktop.headers['cloudfront-is-mobile-viewer']]).toEqual(['true', 'false']);
    expect(api.seen.length - before).toBe(2);
  });
});

describe('functions as Lambda@Edge users write them', () => {
  it('runs a Node.js callback-style handler, as AWS\'s Lambda@Edge examples are written', async () => {
    const code = "exports.handler = (event, context, callback) => { const r = event.Records[0].cf.request; r.uri = '/index.html'; callback(null, r); };";
    const stack = await start(twoOrigins(nodeFunction('Callback', code).replace('nodejs22.x', 'nodejs20.x'), '            CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad', `          LambdaFunctionAssociations:\n${association('viewer-request', 'Callback').replace(/^ {12}/gm, '            ')}`));
    expect(await (await fetch(`${stack.url}/`)).text()).toBe('<h1>home</h1>');
  });

  it('refuses a Python function that returns None, with 502', async () => {
    const python = `  Py:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      AutoPublishAlias: live
      InlineCode: |
        def handler(event, context):
            return None
`;
    const stack = await start(twoOrigins(python, '            CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad', `          LambdaFunctionAssociations:\n${association('viewer-request', 'Py').replace(/^ {12}/gm, '            ')}`));
    const answer = await fetch(`${stack.url}/index.html`);
    expect(answer.status).toBe(502);
    expect(await answer.text()).toContain('The JSON output must be an object type (it returned null)');
  });
});
