// The Runtime API listener on its own: loopback only, no browser origins, Lambda's answers
// for routes it does not know and for bodies over the limit.

import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenRuntimeApi, type RuntimeApiListener } from '../../src/runtime/runtime-api/server.ts';

let api: RuntimeApiListener;
const calls: string[] = [];

beforeAll(async () => {
  api = await listenRuntimeApi({
    next: (reply) => {
      calls.push('next');
      reply.end('{}');
    },
    response: (id, body) => calls.push(`response ${id} ${body.length}`),
    error: (id, _body, type) => calls.push(`error ${id} ${type}`),
    initError: (_body, type) => calls.push(`init ${type}`),
    tooLarge: (id, size) => calls.push(`too large ${id} ${size}`),
    responseStream: async (id, body) => {
      let size = 0;
      for await (const chunk of body) size += (chunk as Buffer).length;
      calls.push(`stream ${id} ${size} ${body.trailers['lambda-runtime-function-error-type'] ?? '-'}`);
      return 'accepted';
    },
    refusal: (call, id) => (call === 'init-error' || id === 'current' ? undefined : { status: 400, errorType: 'InvalidRequestID', errorMessage: 'Invalid request ID' }),
    isOwnRuntime: () => true, // who the runtime is: see runtime-peer.test.ts
  });
});
afterAll(() => api.close());

function send(method: string, path: string, body = '', headers: Record<string, string> = {}) {
  const [host, port] = api.address.split(':');
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host, port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the Runtime API listener', () => {
  it('listens on loopback only', () => {
    expect(api.address).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('refuses any request that comes from a web page', async () => {
    const r = await send('GET', '/2018-06-01/runtime/invocation/next', '', { origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    expect(calls).not.toContain('next');
  });

  it('routes next, response, error and init error with the error-type header', async () => {
    expect((await send('GET', '/2018-06-01/runtime/invocation/next')).status).toBe(200);
    expect((await send('POST', '/2018-06-01/runtime/invocation/current/response', '"ok"')).status).toBe(202);
    expect((await send('POST', '/2018-06-01/runtime/invocation/current/error', '{}', { 'lambda-runtime-function-error-type': 'Runtime.Custom' })).status).toBe(202);
    expect((await send('POST', '/2018-06-01/runtime/init/error', '{}', { 'lambda-runtime-function-error-type': 'Runtime.InitBroke' })).status).toBe(202);
    expect(calls).toEqual(expect.arrayContaining(['next', 'response current 4', 'error current Runtime.Custom', 'init Runtime.InitBroke']));
  });

  it('answers an unknown request id with 400 and an unknown route with 404', async () => {
    const stale = await send('POST', '/2018-06-01/runtime/invocation/old-id/response', '{}');
    expect(stale.status).toBe(400);
    expect(JSON.parse(stale.body).errorType).toBe('InvalidRequestID');
    expect((await send('GET', '/2018-06-01/runtime/nowhere')).status).toBe(404);
  });

  it('refuses a response over 6 MB + 100 bytes (the maximum Lambda quotes) with 413 and reports it', async () => {
    const size = 6 * 1024 * 1024 + 101;
    const r = await send('POST', '/2018-06-01/runtime/invocation/current/response', 'x'.repeat(size));
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).errorMessage).toContain('(6291556 bytes)');
    expect(calls).toContain(`too large current ${size}`);
  });

  it('takes a response of 6 MB + 100 bytes, the most Lambda accepts', async () => {
    const r = await send('POST', '/2018-06-01/runtime/invocation/current/response', 'x'.repeat(6 * 1024 * 1024 + 100));
    expect(r.status).toBe(202);
  });

  it('refuses a request for a name that is not loopback (a rebound web page) without touching the invocation', async () => {
    const before = calls.length;
    const port = api.address.split(':')[1];
    const next = await send('GET', '/2018-06-01/runtime/invocation/next', '', { host: `rebind.example:${port}` });
    const initError = await send('POST', '/2018-06-01/runtime/init/error', '{}', { host: `rebind.example:${port}` });
    expect(next.status).toBe(403);
    expect(initError.status).toBe(403);
    expect(JSON.parse(next.body).errorMessage).toContain('rebind.example');
    expect(calls.length).toBe(before);
  });

  it('hands a streamed response (response mode streaming, chunked, trailers) to the environment as a stream', async () => {
    const [host, port] = api.address.split(':');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host,
          port,
          method: 'POST',
          path: '/2018-06-01/runtime/invocation/current/response',
          headers: { 'Lambda-Runtime-Function-Response-Mode': 'streaming', 'Transfer-Encoding': 'chunked', Trailer: 'Lambda-Runtime-Function-Error-Type' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      );
      req.on('error', reject);
      req.write('abc');
      req.write('de');
      req.addTrailers({ 'Lambda-Runtime-Function-Error-Type': 'Function.Streamed' });
      req.end();
    });
    expect(status).toBe(202);
    expect(calls).toContain('stream current 5 Function.Streamed');
  });

  it('takes an error in the trailers of a chunked (not streamed) response as the invocation\'s error, as aws-lambda-go sends it', async () => {
    const [host, port] = api.address.split(':');
    const errorBody = Buffer.from(JSON.stringify({ errorMessage: 'reader broke', errorType: 'errorString' })).toString('base64');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host, port, method: 'POST', path: '/2018-06-01/runtime/invocation/current/response', headers: { 'Transfer-Encoding': 'chunked', Trailer: 'Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      );
      req.on('error', reject);
      req.write('{"partial":');
      req.addTrailers({ 'Lambda-Runtime-Function-Error-Type': 'errorString', 'Lambda-Runtime-Function-Error-Body': errorBody });
      req.end();
    });
    expect(status).toBe(202);
    expect(calls).toContain('error current errorString');
  });

  it('answers a runtime that names it localhost', async () => {
    const port = api.address.split(':')[1];
    expect((await send('GET', '/2018-06-01/runtime/invocation/next', '', { host: `localhost:${port}` })).status).toBe(200);
  });
});
