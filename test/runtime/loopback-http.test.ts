// The one loopback HTTP module every local listener is built on, and the two key services that
// use it: what a web page or a rebound host name cannot do to them.

import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackHost, listenLoopback, type LoopbackListener } from '../../src/runtime/http/loopback.ts';
import { KeyService } from '../../src/runtime/key-service.ts';

function send(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path ?? '/', headers: options.headers ?? {} }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(options.body ?? '');
  });
}

describe('the loopback HTTP module', () => {
  let listener: LoopbackListener;
  const seen: string[] = [];
  beforeAll(async () => {
    listener = await listenLoopback({
      name: 'The test service',
      maxBodyBytes: 1024,
      handle: async (_req, _res, context) => {
        const body = await context.body();
        if (!body) return;
        seen.push(body.toString());
        context.json(200, { ok: true });
      },
    });
  });
  afterAll(() => listener.close());

  it('accepts 127.0.0.1, localhost and [::1] with its own port, and nothing else', () => {
    const port = 4566;
    for (const host of ['127.0.0.1:4566', 'localhost:4566', 'LOCALHOST:4566', '[::1]:4566']) expect(isLoopbackHost(host, port)).toBe(true);
    for (const host of ['rebind.example:4566', '127.0.0.1:4567', '127.0.0.1', 'localhost', '10.0.0.1:4566', 'localhost.example:4566', '', undefined]) {
      expect(isLoopbackHost(host, port)).toBe(false);
    }
  });

  it('binds to loopback only', () => {
    expect(listener.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect((listener.server.address() as { address: string }).address).toBe('127.0.0.1');
  });

  it('refuses a request whose Host is a rebound name, naming the Host and what it accepts', async () => {
    const r = await send(listener.port, { headers: { host: `rebind.example:${listener.port}` }, body: 'hi' });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).errorMessage).toMatch(/rebind\.example.*|.*127\.0\.0\.1/);
    expect(seen).not.toContain('hi');
  });

  it('refuses a request that carries an Origin', async () => {
    const r = await send(listener.port, { headers: { origin: 'http://127.0.0.1:4321' }, body: 'from a page' });
    expect(r.status).toBe(403);
    expect(seen).not.toContain('from a page');
  });

  it('answers a body over its bound with 413, declared or streamed', async () => {
    const declared = await send(listener.port, { body: 'x'.repeat(2048) });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).errorMessage).toContain('at most 1024 bytes');
    const streamed = await send(listener.port, { headers: { 'transfer-encoding': 'chunked' }, body: Buffer.alloc(4096, 'y') });
    expect(streamed.status).toBe(413);
    expect(seen.some((b) => b.startsWith('x') || b.startsWith('y'))).toBe(false);
  });

  it('serves a plain loopback request', async () => {
    const r = await send(listener.port, { body: 'hello' });
    expect(r.status).toBe(200);
    expect(seen).toContain('hello');
  });
});

describe('the local key service on the loopback module', () => {
  const folder = mkdtempSync(join(tmpdir(), 'kms-http-'));
  const keys = new KeyService(join(folder, 'kms-key'));
  let service: { url: string; close(): Promise<void> };
  beforeAll(async () => (service = await keys.listen()));
  afterAll(async () => {
    await service.close();
    rmSync(folder, { recursive: true, force: true });
  });
  const port = () => Number(new URL(service.url).port);
  const encrypt = (headers: Record<string, string>, plaintext: Buffer) =>
    send(port(), { headers: { 'x-amz-target': 'TrentService.Encrypt', 'content-type': 'application/x-amz-json-1.1', ...headers }, body: JSON.stringify({ KeyId: 'alias/x', Plaintext: plaintext.toString('base64') }) });

  it('refuses Encrypt for a rebound host name, in the AWS JSON error shape', async () => {
    const r = await encrypt({ host: `rebind.example:${port()}` }, Buffer.from('secret'));
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).__type).toBe('Forbidden');
  });

  it('refuses a body far over what KMS takes, without reading it into memory', async () => {
    const r = await encrypt({}, Buffer.alloc(600 * 1024, 1));
    expect(r.status).toBe(413);
  });

  it('refuses plaintext over 4 KB as KMS does', async () => {
    const r = await encrypt({}, Buffer.alloc(4097, 1));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).message).toContain('4096');
  });

  it('encrypts up to 4 KB for a loopback caller', async () => {
    const r = await encrypt({}, Buffer.alloc(4096, 1));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).CiphertextBlob).toBeTruthy();
  });
});
