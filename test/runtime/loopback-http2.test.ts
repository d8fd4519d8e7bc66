// A loopback listener that also takes HTTP/2 cleartext with prior knowledge (as the Kinesis SDK
// sends it) keeps every guarantee of the loopback module for both protocols on the one port.

import { request } from 'node:http';
import { connect, type ClientHttp2Session } from 'node:http2';
import { connect as connectTcp } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsJsonErrorBody, listenLoopback, type LoopbackListener } from '../../src/runtime/http/loopback.ts';

interface Answer {
  status: number;
  body: string;
  protocol: string;
}

function http2Call(session: ClientHttp2Session, headers: Record<string, string>, body = ''): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': 'POST', ':path': '/', ...headers });
    let text = '';
    let status = 0;
    stream.on('response', (h) => (status = Number(h[':status'])));
    stream.on('data', (d: Buffer) => (text += d.toString()));
    stream.on('end', () => resolve({ status, body: text, protocol: 'h2' }));
    stream.on('error', reject);
    stream.end(body);
  });
}

function http1Call(port: number, headers: Record<string, string>, body = ''): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: text, protocol: `http/${res.httpVersion}` }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('a loopback listener that takes HTTP/2 with prior knowledge beside HTTP/1.1', () => {
  let listener: LoopbackListener;
  let session: ClientHttp2Session;
  beforeAll(async () => {
    listener = await listenLoopback({
      name: 'The bilingual service',
      maxBodyBytes: 64,
      errorBody: awsJsonErrorBody,
      http2: true,
      handle: async (req, _res, context) => {
        const body = await context.body();
        if (!body) return;
        context.json(200, { echoed: body.toString(), version: req.httpVersion });
      },
    });
    session = connect(listener.url);
  });
  afterAll(async () => {
    session.close();
    await listener.close();
  });

  it('answers HTTP/2 and HTTP/1.1 requests on the same port', async () => {
    const viaHttp2 = await http2Call(session, {}, 'over h2');
    expect(viaHttp2.status).toBe(200);
    expect(JSON.parse(viaHttp2.body)).toEqual({ echoed: 'over h2', version: '2.0' });
    const viaHttp1 = await http1Call(listener.port, {}, 'over h1');
    expect(viaHttp1.status).toBe(200);
    expect(JSON.parse(viaHttp1.body)).toEqual({ echoed: 'over h1', version: '1.1' });
  });

  it('refuses an HTTP/2 request for another authority (DNS rebinding), naming it', async () => {
    const refused = await http2Call(session, { ':authority': `rebind.example:${listener.port}` }, 'x');
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ __type: 'Forbidden', message: expect.stringContaining('rebind.example') });
  });

  it('refuses an HTTP/2 request that carries an Origin, as it refuses an HTTP/1.1 one', async () => {
    const h2 = await http2Call(session, { origin: 'https://evil.example' }, 'x');
    const h1 = await http1Call(listener.port, { origin: 'https://evil.example' }, 'x');
    expect([h2.status, h1.status]).toEqual([403, 403]);
  });

  it('answers an HTTP/2 body over the bound with 413 without reading it', async () => {
    const tooBig = await http2Call(session, {}, 'x'.repeat(65));
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body).message).toMatch(/at most 64 bytes/);
  });

  it('treats a connection that only starts like the preface as HTTP/1.1 (a POST)', async () => {
    // "PO" diverges from "PRI * HTTP/2.0" at the second byte: sent one byte at a time, it must still be HTTP/1.1.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connectTcp(listener.port, '127.0.0.1');
      const raw = `POST / HTTP/1.1\r\nHost: 127.0.0.1:${listener.port}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi`;
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.write(raw.slice(0, 1), () => setTimeout(() => socket.write(raw.slice(1)), 20));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain('"echoed":"hi"');
  });

  it('closes with an HTTP/2 session still open', async () => {
    const other = await listenLoopback({ name: 'Short-lived', maxBodyBytes: 64, http2: true, handle: (_req, _res, context) => context.json(200, {}) });
    const open = connect(other.url);
    await http2Call(open, {});
    await other.close();
    await new Promise<void>((resolve) => (open.closed ? resolve() : open.once('close', () => resolve())));
    expect(open.destroyed || open.closed).toBe(true);
  });

  it('refuses to combine HTTP/2 with per-connection decisions', async () => {
    await expect(listenLoopback({ name: 'Strict', maxBodyBytes: 64, http2: true, acceptConnection: () => ({ accepted: true }), handle: () => {} })).rejects.toThrow(/HTTP\/1\.1 only/);
  });
});
