// The lab backend (src/grader/targets/lab-backend.ts) that labs 14 and 15 grade with: a real
// HTTP service on loopback that makes a connection cost time, counts handshakes, TCP connections
// and asset downloads as a server sees them, and that the aws target refuses to provide, saying why.

import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startLabBackend } from '../../src/grader/targets/lab-backend.ts';
import { TargetRefused } from '../../src/grader/targets/lab-target.ts';
import { SdkLabTarget } from '../../src/grader/targets/sdk-target.ts';

function call(agent: Agent, url: string, method: string, path: string, token?: string): Promise<{ status: number; body: Buffer; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, agent, headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the lab backend', () => {
  it('makes POST /connect wait, answers lookups only with its token, and counts handshakes and TCP connections', async () => {
    const backend = await startLabBackend({ connectDelayMs: 150 });
    const kept = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(backend.environment).toEqual({ BACKEND_URL: backend.url });
      const refused = await call(kept, backend.url, 'GET', '/prices/SKU-1');
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.body.toString()).errorMessage).toMatch(/POST \/connect/);
      const connected = await call(kept, backend.url, 'POST', '/connect');
      expect(connected.ms).toBeGreaterThanOrEqual(140);
      const { token } = JSON.parse(connected.body.toString());
      for (const sku of ['SKU-1', 'SKU-2']) {
        const price = await call(kept, backend.url, 'GET', `/prices/${sku}`, token);
        expect(JSON.parse(price.body.toString())).toEqual({ sku, priceCents: backend.priceOf(sku) });
      }
      expect(backend.counts()).toEqual({ tcpConnections: 1, connects: 1, lookups: 2, assetFetches: 0 });
      // A client that does not keep its connection alive opens one per request.
      const fresh = new Agent({ keepAlive: false });
      await call(fresh, backend.url, 'GET', '/prices/SKU-3', token);
      await call(fresh, backend.url, 'GET', '/prices/SKU-4', token);
      expect(backend.counts().tcpConnections).toBe(3);
    } finally {
      kept.destroy();
      await backend.release();
    }
    await expect(fetch(`${backend.url}/connect`, { method: 'POST' })).rejects.toThrow();
  });

  it('serves its asset after the fetch delay, with the size and SHA-256 it states, and counts each download', async () => {
    const backend = await startLabBackend({ asset: { bytes: 100_000, fetchDelayMs: 100 } });
    const agent = new Agent({ keepAlive: true });
    try {
      const asset = backend.asset!;
      expect(backend.environment.ASSET_URL).toBe(asset.url);
      const got = await call(agent, asset.url, 'GET', '');
      expect(got.ms).toBeGreaterThanOrEqual(90);
      expect(got.body.length).toBe(asset.bytes);
      expect(asset.bytes).toBeGreaterThan(99_000); // padded to about the size asked
      expect(createHash('sha256').update(got.body).digest('hex')).toBe(asset.sha256);
      const parsed = JSON.parse(got.body.toString());
      expect(parsed.version).toBe(asset.version);
      expect(parsed.rates).toEqual(asset.rates);
      await call(agent, asset.url, 'GET', '');
      expect(backend.counts().assetFetches).toBe(2);
      expect((await call(agent, backend.url, 'GET', '/assets/other.json')).status).toBe(404);
    } finally {
      agent.destroy();
      await backend.release();
    }
  });

  it('is refused on AWS, where a function cannot reach this machine, with the way to grade instead', async () => {
    const target = new SdkLabTarget({ kind: 'aws', region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/lab', endpointUrl: 'http://127.0.0.1:9' });
    try {
      const refused = await target.provideBackend({ connectDelayMs: 10 }, 14).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(TargetRefused);
      expect((refused as TargetRefused).type).toBe('NeedNotAvailable');
      expect((refused as Error).message).toMatch(/Lab 14 .*cannot reach.*npm run lab 14.*--target endpoint/);
    } finally {
      await target.close();
    }
  });
});
