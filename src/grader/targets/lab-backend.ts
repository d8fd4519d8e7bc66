// A lab's backend on a local target: a small HTTP service the grader starts for one grading run
// on 127.0.0.1, that the function calls through BACKEND_URL, and that counts what a Lambda user
// could only guess at from outside: TCP connections accepted, connection handshakes, requests,
// downloads of a static asset. Labs 14 (initialise outside the handler) and 15 (cache in /tmp)
// grade with it.
//
// A connection here costs what a real one does: `POST /connect` (a database login, the first
// TLS handshake of an SDK client) answers after `connectDelayMs` with a token that the other
// routes require; `GET /assets/<name>` sends the asset after `fetchDelayMs`, as a slow origin
// or bucket would. So work done once at init shows in the cold start's Init Duration, and work
// done in the handler shows in every REPORT line's Duration.

import { createHash, randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { listenLoopback } from '../../runtime/service.ts';

export interface BackendNeed {
  /** How long `POST /connect` takes: the cost of opening a connection. */
  connectDelayMs?: number;
  /** A static asset served at `GET /assets/<name>` (JSON), padded to about `bytes`, sent after `fetchDelayMs`. */
  asset?: { bytes: number; fetchDelayMs?: number };
}

export interface BackendCounts {
  /** TCP connections the service accepted. */
  tcpConnections: number;
  /** `POST /connect` handshakes (sessions opened). */
  connects: number;
  /** Price lookups answered. */
  lookups: number;
  /** Asset downloads answered. */
  assetFetches: number;
}

export interface BackendAsset {
  /** Where the function downloads it (also in ASSET_URL). */
  url: string;
  /** The version inside it, fresh per run: an answer that has it came from this asset. */
  version: string;
  /** Tax rates by country code, as the asset lists them. */
  rates: Record<string, number>;
  bytes: number;
  sha256: string;
}

export interface ProvidedBackend {
  url: string;
  /** What the function needs to reach it: BACKEND_URL (and ASSET_URL when the lab has an asset). */
  environment: Record<string, string>;
  connectDelayMs: number;
  fetchDelayMs: number;
  /** The price the service quotes for a SKU in this run (fresh per run, so no answer can be written in advance). */
  priceOf(sku: string): number;
  asset?: BackendAsset;
  counts(): BackendCounts;
}

const countries = ['AT', 'BE', 'DE', 'DK', 'ES', 'FI', 'FR', 'IE', 'IT', 'NL', 'PL', 'PT', 'SE'];

/** Starts the backend; `release` closes it and every connection still open. */
export async function startLabBackend(need: BackendNeed = {}): Promise<ProvidedBackend & { release(): Promise<void> }> {
  const seed = randomBytes(8);
  const connectDelayMs = need.connectDelayMs ?? 0;
  const fetchDelayMs = need.asset?.fetchDelayMs ?? 0;
  const counts: BackendCounts = { tcpConnections: 0, connects: 0, lookups: 0, assetFetches: 0 };
  const tokens = new Set<string>();
  const priceOf = (sku: string) => 100 + (createHash('sha256').update(seed).update(sku).digest().readUInt32BE(0) % 9900);

  let asset: (BackendAsset & { body: Buffer; path: string }) | undefined;
  if (need.asset) {
    const version = randomBytes(6).toString('hex');
    const rates = Object.fromEntries(countries.map((c) => [c, (createHash('sha256').update(seed).update(c).digest().readUInt8(0) % 20) + 5]));
    // Padding stands for what a real asset carries besides what one request needs (a whole table, a model).
    const padding = Math.max(0, need.asset.bytes - 200);
    const body = Buffer.from(JSON.stringify({ version, rates, notes: 'x'.repeat(padding) }), 'utf8');
    const name = `rates-${version}.json`;
    asset = { url: '', version, rates, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex'), body, path: `/assets/${name}` };
  }

  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const listener = await listenLoopback({
    name: "The lab's backend",
    maxBodyBytes: 64 * 1024,
    handle: async (req, res, context) => {
      const url = new URL(req.url ?? '/', 'http://backend');
      if (req.method === 'POST' && url.pathname === '/connect') {
        await context.body();
        await wait(connectDelayMs);
        const token = randomBytes(12).toString('hex');
        tokens.add(token);
        counts.connects += 1;
        return context.json(200, { token });
      }
      const price = /^\/prices\/([A-Za-z0-9_-]{1,64})$/.exec(url.pathname);
      if (req.method === 'GET' && price) {
        req.resume();
        const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!token || !tokens.has(token)) {
          return context.error(401, 'NotConnected', 'No valid token: open a connection first with POST /connect, then send its token as "Authorization: Bearer <token>".');
        }
        counts.lookups += 1;
        return context.json(200, { sku: price[1], priceCents: priceOf(price[1]!) });
      }
      if (req.method === 'GET' && asset && url.pathname === asset.path) {
        req.resume();
        counts.assetFetches += 1;
        await wait(fetchDelayMs);
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': asset.body.length, ETag: `"${asset.sha256}"`, 'Cache-Control': 'max-age=31536000, immutable' });
        return void res.end(asset.body);
      }
      req.resume();
      return context.error(404, 'NotFound', `The lab's backend has no ${req.method} ${url.pathname}: it answers POST /connect, GET /prices/<sku>${asset ? ` and GET ${asset.path}` : ''}.`);
    },
  });
  // Idle keep-alive connections stay open while an environment is frozen between invocations.
  listener.server.keepAliveTimeout = 120_000;
  listener.server.on('connection', (_socket: Socket) => void (counts.tcpConnections += 1));
  if (asset) asset.url = `${listener.url}${asset.path}`;
  const { body: _body, path: _path, ...shownAsset } = asset ?? ({} as never);
  return {
    url: listener.url,
    environment: { BACKEND_URL: listener.url, ...(asset ? { ASSET_URL: asset.url } : {}) },
    connectDelayMs,
    fetchDelayMs,
    priceOf,
    ...(asset ? { asset: shownAsset as BackendAsset } : {}),
    counts: () => ({ ...counts }),
    release: () => listener.close(),
  };
}
