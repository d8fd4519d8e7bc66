// HTTP APIs (AWS::Serverless::HttpApi and Events Type: HttpApi) in front of real Node.js and
// Python functions, reached with real HTTP: payload 2.0 (and 1.0 where the event says so), route
// priorities, the $default route, 2.0's response inference and cookies, API Gateway's 404 and 500.

import { describe, expect, it } from 'vitest';
import { call, useTemplate } from './start-template.ts';

describe('an HTTP API from a SAM template', () => {
  const started = useTemplate('api-http');
  const shop = () => started().apis.ShopApi!;

  it('serves the named stage under its name and the implicit ServerlessHttpApi at the root ($default stage)', () => {
    expect(shop()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(started().apis.ServerlessHttpApi).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('sends the payload 2.0 event: routeKey, rawPath, rawQueryString, joined repeats, lower-case headers, cookies apart', async () => {
    const r = await call(`${shop()}/items/9?a=1&a=2&b=x%20y`, { headers: { 'X-Mixed-Case': 'v', Cookie: 'session=abc; theme=dark' } });
    expect(r.status).toBe(200);
    const event = r.json();
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /items/{id}',
      rawPath: '/v1/items/9',
      rawQueryString: 'a=1&a=2&b=x%20y',
      cookies: ['session=abc', 'theme=dark'],
      queryStringParameters: { a: '1,2', b: 'x y' },
      pathParameters: { id: '9' },
      stageVariables: { region: 'north' },
      isBase64Encoded: false,
      requestContext: {
        accountId: '123456789012',
        apiId: expect.stringMatching(/^[a-z0-9]{10}$/),
        http: { method: 'GET', path: '/v1/items/9', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
        routeKey: 'GET /items/{id}',
        stage: 'v1',
        time: expect.stringMatching(/ \+0000$/),
        timeEpoch: expect.any(Number),
      },
    });
    expect(event.headers['x-mixed-case']).toBe('v');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.multiValueHeaders).toBeUndefined();
    expect(event.body).toBeUndefined();
  });

  it('sends payload 1.0 to a route whose PayloadFormatVersion is 1.0, with version "1.0"', async () => {
    const event = (await call(`${shop()}/legacy/3?q=1&q=2`, { headers: { 'X-Mixed-Case': 'v' } })).json();
    expect(event.headers['x-mixed-case']).toBe('v');
    expect(event.multiValueHeaders['x-mixed-case']).toEqual(['v']);
    expect(event).toMatchObject({ version: '1.0', resource: '/legacy/{id}', path: '/legacy/3', httpMethod: 'GET', multiValueQueryStringParameters: { q: ['1', '2'] } });
    expect(event.requestContext).toMatchObject({ stage: 'v1', routeKey: 'GET /legacy/{id}' });
  });

  it('routes a full match before a {proxy+} match, and ANY /{proxy+} takes the rest', async () => {
    expect((await call(`${shop()}/items/1`)).json().routeKey).toBe('GET /items/{id}');
    const other = (await call(`${shop()}/items/1/parts`, { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } })).json();
    expect(other).toMatchObject({ routeKey: 'ANY /{proxy+}', pathParameters: { proxy: 'items/1/parts' }, body: '{"n":1}', isBase64Encoded: false });
  });

  it('base64-encodes a body that is not text, JSON or XML', async () => {
    const event = (await call(`${shop()}/upload`, { method: 'POST', body: 'a=1&b=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).json();
    expect(event).toMatchObject({ isBase64Encoded: true, body: Buffer.from('a=1&b=2').toString('base64') });
  });

  it('sends anything to the $default route of the implicit API with the full path', async () => {
    const event = (await call(`${started().apis.ServerlessHttpApi}/any/where?x=1`, { method: 'PATCH' })).json();
    expect(event).toMatchObject({ routeKey: '$default', rawPath: '/any/where', requestContext: { stage: '$default', http: { method: 'PATCH' } } });
  });

  it('answers 404 {"message":"Not Found"} outside the stage of an API with no catch-all', async () => {
    const r = await call(shop().replace(/\/v1$/, '/v2/items/1'));
    expect(r.status).toBe(404);
    expect(r.text).toBe('{"message":"Not Found"}');
  });

  it('infers 200 application/json from a returned string (its text) or object (its JSON)', async () => {
    const text = await call(`${shop()}/shape?shape=string`);
    expect([text.status, text.headers.get('content-type'), text.text]).toEqual([200, 'application/json', 'Hello from Lambda!']);
    const object = await call(`${shop()}/shape?shape=object`);
    expect([object.status, object.headers.get('content-type')]).toEqual([200, 'application/json']);
    expect(object.json()).toEqual({ message: 'Hello from Lambda!' });
  });

  it('turns cookies into one set-cookie header each and keeps statusCode and headers', async () => {
    const r = await call(`${shop()}/shape?shape=cookies`);
    expect(r.status).toBe(201);
    expect(r.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
    expect(r.headers.get('x-kind')).toBe('cookies');
    expect(r.headers.get('apigw-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.text).toBe('with cookies');
  });

  it('answers 500 {"message":"Internal Server Error"} for a function error or a body that is not a string', async () => {
    for (const shape of ['error', 'body-object']) {
      const r = await call(`${shop()}/shape?shape=${shape}`);
      expect(r.status, shape).toBe(500);
      expect(r.text, shape).toBe('{"message":"Internal Server Error"}');
    }
  });

  it('answers 503 {"message":"Service Unavailable"} when the function outlasts the route\'s TimeoutInMillis', async () => {
    const r = await call(`${shop()}/slow?shape=slow`);
    expect([r.status, r.text]).toEqual([503, '{"message":"Service Unavailable"}']);
    expect(started().log.some((l) => /ShopApi GET \/v1\/slow\?shape=slow 503 .*\(the integration took over 300 ms\)/.test(l))).toBe(true);
  });
});
