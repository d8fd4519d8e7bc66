// What the local API Gateway adds to the invoke it wraps (issue 11: under 0.3 ms at p50), on one
// warm Node.js function, every path alternated request by request in the same run:
// - direct: service.invoke with the event the API builds, in process (no HTTP);
// - floor: HTTP to a bare loopback listener that invokes with that same event and answers the
//   payload (HTTP plus the same invoke, nothing of API Gateway);
// - api: a REST API route with no authorizer (stage, route, event, response mapping, access log);
// - cached: the same behind a TOKEN authorizer whose result is cached (a hit every time);
// - uncached: behind a TOKEN authorizer with ReauthorizeEvery 0 (the authorizer is invoked too).
// The API layer's cost is api minus floor, p50 of pairs; requests/s come from blocks of
// sequential requests per path, alternated.

import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from '../src/runtime/clock.ts';
import { listenLoopback } from '../src/runtime/http/loopback.ts';
import { LambdaService } from '../src/runtime/service.ts';
import type { ApiDefinition, AuthorizerDefinition } from '../src/triggers/api-gateway/api-definition.ts';
import { startApi } from '../src/triggers/api-gateway/api-server.ts';
import { proxyEvent } from '../src/triggers/api-gateway/proxy-event.ts';
import { servicePort } from '../src/triggers/ports/service-port.ts';
import type { RuntimeUnderTest } from '../test/support/runtimes.ts';
import type { BenchOptions } from './options.ts';
import { interleave, percentile, summarize, type Summary } from './stats.ts';

type Path = 'direct' | 'floor' | 'api' | 'cached' | 'uncached';

export interface ApiGatewayResult {
  runtime: string;
  latencyMs: Record<Path, Summary>;
  /** api minus floor, p50 of pairs: what routing, the event, the response mapping and the log cost. */
  apiLayerP50Ms: number;
  /** api minus direct, p50 of pairs: the API layer and HTTP together. */
  apiOverDirectP50Ms: number;
  /** cached minus api, and uncached minus api, p50 of pairs: what the authorizer adds. */
  cachedAuthorizerP50Ms: number;
  uncachedAuthorizerP50Ms: number;
  /** Requests per second, one caller, median of alternated blocks. */
  requestsPerSecond: Record<Path, number>;
  /** This process's CPU per request (client, API and service; the function's process is apart), median of the blocks, µs. */
  cpuUs: Record<Path, number>;
  /** api minus floor CPU per request: the API layer's own work, less swayed by the machine's load than wall time. */
  apiLayerCpuUs: number;
}

const backendCode = 'export const handler = async (event) => ({ statusCode: 200, headers: { "content-type": "text/plain" }, body: `ok ${event.path}` });\n';
const authorizerCode = `export const handler = async (event) => ({
  principalId: 'bench',
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn.split('/')[0] + '/*' }] },
  context: { user: 'bench' },
});
`;

function get(agent: Agent, url: URL, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = request(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`the API bench's ${url.pathname} answered ${res.statusCode}`));
        else resolve(performance.now() - start);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

export async function measureApiGateway(bench: RuntimeUnderTest, options: BenchOptions): Promise<ApiGatewayResult> {
  const folder = mkdtempSync(join(tmpdir(), 'bench-api-'));
  writeFileSync(join(folder, 'backend.mjs'), backendCode);
  writeFileSync(join(folder, 'auth.mjs'), authorizerCode);
  const service = new LambdaService({ idleTimeoutMs: 600_000 });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const closers: Array<() => Promise<void>> = [];
  try {
    for (const name of ['backend', 'auth']) {
      await service.createFunction({ FunctionName: `bench-api-${name}`, Runtime: bench.runtime, Handler: `${name}.handler`, Code: { Directory: folder } });
    }
    const port = servicePort(service);
    const authorizer = (name: string, ttlSeconds: number): AuthorizerDefinition => ({
      name,
      target: { functionName: 'bench-api-auth' },
      type: 'TOKEN',
      identitySources: [{ kind: 'header', name: 'Authorization' }],
      ttlSeconds,
      payloadFormatVersion: '1.0',
      simpleResponses: false,
    });
    const route = (path: string, auth?: string) => ({ method: 'GET', path, target: { functionName: 'bench-api-backend' }, payloadFormatVersion: '1.0' as const, ...(auth ? { authorizer: auth } : {}) });
    const definition: ApiDefinition = {
      logicalId: 'BenchApi',
      kind: 'rest',
      apiId: 'benchapi01',
      stage: 'bench',
      stageVariables: {},
      routes: [route('/items/{id}'), route('/cached/{id}', 'Cached'), route('/uncached/{id}', 'Uncached')],
      authorizers: { Cached: authorizer('Cached', 300), Uncached: authorizer('Uncached', 0) },
      binaryMediaTypes: [],
    };
    const api = await startApi({ api: definition, port, clock: new SimulatedClock(), log: () => {} });
    closers.push(() => api.close());

    // The floor and the direct invoke send the very event the API builds for GET /items/1, made
    // once, so the difference is the API's own work, not the size of what it sends.
    const host = new URL(api.url).host;
    const event = JSON.stringify(
      proxyEvent(
        { api: definition, route: definition.routes[0]!, stagePath: '/items/1', pathParameters: { id: '1' }, region: port.region, accountId: port.accountId },
        { method: 'GET', rawPath: '/bench/items/1', rawQuery: '', rawHeaders: [['Host', host], ['Connection', 'keep-alive']], body: Buffer.alloc(0), sourceIp: '127.0.0.1', protocol: 'HTTP/1.1', requestId: randomUUID(), timeEpoch: Date.now() },
      ),
    );
    const floor = await listenLoopback({
      name: 'The API bench floor',
      maxBodyBytes: 1024 * 1024,
      handle: async (_req, res, context) => {
        await context.body();
        const out = await service.invoke({ FunctionName: 'bench-api-backend', Payload: event });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': out.Payload.length });
        res.end(out.Payload);
      },
    });
    closers.push(() => floor.close());

    const token = { Authorization: 'Bearer bench' };
    const paths: Record<Path, () => Promise<number>> = {
      direct: async () => {
        const start = performance.now();
        const out = await service.invoke({ FunctionName: 'bench-api-backend', Payload: event });
        if (out.FunctionError) throw new Error(`the API bench's function failed: ${out.Payload.toString('utf8')}`);
        return performance.now() - start;
      },
      floor: () => get(agent, new URL(`${floor.url}/items/1`)),
      api: () => get(agent, new URL(`${api.url}/items/1`)),
      cached: () => get(agent, new URL(`${api.url}/cached/1`), token),
      uncached: () => get(agent, new URL(`${api.url}/uncached/1`), token),
    };
    for (let i = 0; i < options.warmUp; i++) for (const run of Object.values(paths)) await run();
    const samples = await interleave(options.warmSamples, paths);
    const cpu = Object.fromEntries(Object.keys(paths).map((k) => [k, [] as number[]])) as Record<Path, number[]>;
    const block = async (path: Path, run: () => Promise<number>) => {
      const start = performance.now();
      const before = process.cpuUsage();
      for (let i = 0; i < options.cpuBlock; i++) await run();
      const used = process.cpuUsage(before);
      cpu[path].push((used.user + used.system) / options.cpuBlock);
      return (options.cpuBlock * 1000) / (performance.now() - start);
    };
    const blocks = await interleave(options.cpuBlocks, Object.fromEntries(Object.entries(paths).map(([k, run]) => [k, () => block(k as Path, run)])) as Record<Path, () => Promise<number>>);
    const cpuUs = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, percentile(v, 50)])) as Record<Path, number>;
    const pairs = (a: Path, b: Path) => percentile(samples[a].map((v, i) => v - samples[b][i]!), 50);
    return {
      runtime: bench.runtime,
      latencyMs: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)])) as Record<Path, Summary>,
      apiLayerP50Ms: pairs('api', 'floor'),
      apiOverDirectP50Ms: pairs('api', 'direct'),
      cachedAuthorizerP50Ms: pairs('cached', 'api'),
      uncachedAuthorizerP50Ms: pairs('uncached', 'api'),
      requestsPerSecond: Object.fromEntries(Object.entries(blocks).map(([k, v]) => [k, percentile(v, 50)])) as Record<Path, number>,
      cpuUs,
      apiLayerCpuUs: cpuUs.api - cpuUs.floor,
    };
  } finally {
    agent.destroy();
    for (const close of closers.reverse()) await close();
    await service.shutdown();
    rmSync(folder, { recursive: true, force: true });
  }
}
