// Requests per second through a local CloudFront distribution with a Node.js viewer-request
// function, on a cache hit and on a miss, beside the origin alone, rounds alternated in the same
// run (issue 12). The distribution is started from a template as `serve` starts it: the function
// deployed, a version published and associated, the stack part in front of a loopback origin.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProtocolRegistry } from '../src/endpoint/protocols.ts';
import { LambdaService } from '../src/runtime/service.ts';
import { deployTemplate } from '../src/template/deploy.ts';
import { loadTemplate } from '../src/template/load.ts';
import { startStackParts } from '../src/template/start-parts.ts';
import { servicePort } from '../src/triggers/ports/service-port.ts';
import type { RuntimeUnderTest } from '../test/support/runtimes.ts';
import type { BenchOptions } from './options.ts';
import { interleave, summarize, type Summary } from './stats.ts';

export interface EdgeResult {
  runtime: string;
  callers: number;
  /** Requests per second, one sample per round. */
  originRps: Summary;
  hitRps: Summary;
  missRps: Summary;
  /** Medians over the origin's median. */
  hitOverOrigin: number;
  missOverOrigin: number;
}

const body = 'x'.repeat(1024);

/** `callers` loops of `once` until the deadline; requests per second. */
async function drive(callers: number, durationMs: number, once: () => Promise<void>): Promise<number> {
  let count = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        await once();
        count += 1;
      }
    }),
  );
  return (count * 1000) / (performance.now() - start);
}

const template = (port: number, runtime: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  PassThrough:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: ${runtime}
      Handler: index.handler
      AutoPublishAlias: live
      Timeout: 5
      InlineCode: "exports.handler = async (event) => event.Records[0].cf.request;"
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - Id: app
            DomainName: localhost
            CustomOriginConfig: { HTTPPort: ${port}, OriginProtocolPolicy: http-only }
        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: allow-all
          ForwardedValues: { QueryString: false }
          LambdaFunctionAssociations:
            - EventType: viewer-request
              LambdaFunctionARN: !Ref PassThrough.Version
`;

export async function measureEdge(bench: RuntimeUnderTest, options: BenchOptions): Promise<EdgeResult> {
  const origin = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'max-age=3600' });
    res.end(body);
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
  const originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
  const folder = mkdtempSync(join(tmpdir(), 'bench-edge-'));
  const service = new LambdaService({ maxEnvironments: 8, idleTimeoutMs: 600_000 });
  let close = async () => {};
  try {
    writeFileSync(join(folder, 'template.yaml'), template((origin.address() as AddressInfo).port, bench.runtime));
    const plan = loadTemplate(join(folder, 'template.yaml'));
    const stack = await deployTemplate(plan, service);
    const parts = await startStackParts(plan, stack, { port: servicePort(service), endpointUrl: 'http://127.0.0.1:1', protocols: new ProtocolRegistry() });
    close = () => parts.close();
    const cdn = (parts.outputs.distributions!.Cdn as { url: string }).url;
    const get = async (url: string) => {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`the edge bench's request to ${url} answered ${response.status}`);
    };
    let miss = 0;
    const callers = 4;
    const run = {
      origin: () => drive(callers, options.throughputMs, () => get(`${originUrl}/object`)),
      hit: () => drive(callers, options.throughputMs, () => get(`${cdn}/object`)),
      // Each miss a path not asked for before, so CloudFront goes to the origin every time.
      miss: () => drive(callers, options.throughputMs, () => get(`${cdn}/miss/${++miss}`)),
    };
    // Warm: environments for every caller, connections, the cached object.
    await drive(callers, options.quick ? 100 : 400, () => get(`${cdn}/object`));
    await drive(callers, options.quick ? 50 : 200, () => get(`${originUrl}/object`));
    const samples = await interleave(options.throughputRounds * 3, run);
    const originRps = summarize(samples.origin);
    const hitRps = summarize(samples.hit);
    const missRps = summarize(samples.miss);
    return { runtime: bench.runtime, callers, originRps, hitRps, missRps, hitOverOrigin: hitRps.median / originRps.median, missOverOrigin: missRps.median / originRps.median };
  } finally {
    await close();
    await service.shutdown();
    origin.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
