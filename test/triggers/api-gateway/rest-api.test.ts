// A REST API (AWS::Serverless::Api and Events Type: Api) in front of real Node.js and Python
// functions, reached with real HTTP: the stage in the URL, routes and path parameters, the
// payload 1.0 event, and the response mapping with API Gateway's own failures.

import { describe, expect, it } from 'vitest';
import { call, useTemplate } from './start-template.ts';

describe('a REST API from a SAM template', () => {
  const started = useTemplate('api-rest');
  const api = () => started().apis.PetsApi!;

  it('lists each API in the outputs by logical id with its stage, the implicit ServerlessRestApi at Prod', () => {
    expect(started().apis.PetsApi).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dev$/);
    expect(started().apis.ServerlessRestApi).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/Prod$/);
  });

  it('sends the payload 1.0 event: resource, path, path parameters, multi-value query and headers, stage variables, requestContext', async () => {
    const r = await call(`${api()}/pets/42?tag=a&tag=b&single=x`, { headers: { 'X-Custom': 'hi', 'User-Agent': 'api-test' } });
    expect(r.status).toBe(200);
    const event = r.json();
    expect(event).toMatchObject({
      resource: '/pets/{id}',
      path: '/pets/42',
      httpMethod: 'GET',
      pathParameters: { id: '42' },
      queryStringParameters: { tag: 'b', single: 'x' },
      multiValueQueryStringParameters: { tag: ['a', 'b'], single: ['x'] },
      stageVariables: { color: 'blue' },
      body: null,
      isBase64Encoded: false,
    });
    expect(event.headers['X-Custom']).toBe('hi');
    expect(event.multiValueHeaders['X-Custom']).toEqual(['hi']);
    expect(event.requestContext).toMatchObject({
      accountId: '123456789012',
      apiId: expect.stringMatching(/^[a-z0-9]{10}$/),
      httpMethod: 'GET',
      path: '/dev/pets/42',
      protocol: 'HTTP/1.1',
      resourcePath: '/pets/{id}',
      stage: 'dev',
      identity: { sourceIp: '127.0.0.1', userAgent: 'api-test' },
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      requestTime: expect.stringMatching(/^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/),
      requestTimeEpoch: expect.any(Number),
    });
    expect(event.version).toBeUndefined();
  });

  it('passes the function\'s headers and multiValueHeaders to the client, both values of a repeated one', async () => {
    const r = await call(`${api()}/pets/1`);
    expect(r.headers.get('x-single')).toBe('one');
    expect(r.headers.get('x-multi')).toBe('a, b');
    expect(r.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('prefers a literal resource over a path parameter, and a {proxy+} takes every segment below it', async () => {
    expect((await call(`${api()}/pets/special`)).json().resource).toBe('/pets/special');
    const files = (await call(`${api()}/files/a/b/c.txt`, { method: 'DELETE' })).json();
    expect(files).toMatchObject({ resource: '/files/{proxy+}', httpMethod: 'DELETE', pathParameters: { proxy: 'a/b/c.txt' } });
  });

  it('answers a path or method with no route 403 Missing Authentication Token, as REST APIs do', async () => {
    for (const [path, method] of [['/nothing', 'GET'], ['/pets/1', 'POST'], ['/files', 'GET']] as const) {
      const r = await call(`${api()}${path}`, { method });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.text).toBe('{"message":"Missing Authentication Token"}');
      expect(r.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    }
    const wrongStage = await call(api().replace(/\/dev$/, '/prod/pets/1'));
    expect(wrongStage.status).toBe(403);
  });

  it('serves the implicit API of an event without RestApiId at its Prod stage', async () => {
    const r = await call(`${started().apis.ServerlessRestApi}/hello`);
    expect(r.status).toBe(200);
    expect(r.json().requestContext).toMatchObject({ stage: 'Prod', path: '/Prod/hello' });
  });

  it('takes a Python function\'s statusCode, headers and body', async () => {
    const r = await call(`${api()}/shape?shape=fine`);
    expect(r.status).toBe(202);
    expect(r.headers.get('x-shape')).toBe('fine');
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(r.json()).toEqual({ shape: 'fine' });
  });

  it('answers 502 {"message": "Internal server error"} for a function error and for each malformed proxy response', async () => {
    for (const shape of ['error', 'string', 'object', 'body-object', 'extra-key', 'no-status', 'informational', 'bad-header']) {
      const r = await call(`${api()}/shape?shape=${shape}`);
      expect(r.status, shape).toBe(502);
      expect(r.text, shape).toBe('{"message": "Internal server error"}');
    }
    expect(started().log.some((l) => /PetsApi GET \/dev\/shape\?shape=extra-key 502 .*unexpected key\(s\) message/.test(l))).toBe(true);
  });

  it('sends a 204 without a body, whatever the function put in it', async () => {
    const r = await call(`${api()}/shape?shape=no-content`);
    expect([r.status, r.text, r.headers.get('content-length')]).toEqual([204, '', null]);
  });

  it('sends a body of a binary media type base64-encoded, and turns a base64 answer back into bytes for it', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const sent = (await call(`${api()}/files/upload`, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: bytes })).json();
    expect(sent).toMatchObject({ isBase64Encoded: true, body: bytes.toString('base64') });
    const text = (await call(`${api()}/files/note`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'héllo' })).json();
    expect(text).toMatchObject({ isBase64Encoded: false, body: 'héllo' });
    const res = await fetch(`${api()}/shape?shape=binary`, { headers: { accept: 'image/png' } });
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]));
  });

  it('writes one access-log line per request: method, path, status, authorizer, latency', async () => {
    await call(`${api()}/pets/7`);
    expect(started().log.some((l) => /^PetsApi GET \/dev\/pets\/7 200 authorizer=- \d+\.\d ms$/.test(l))).toBe(true);
  });
});
