// `npm run bench`: cold start and warm invoke overhead per runtime, beside baselines measured
// in the same run (the bare interpreter start, a loopback HTTP round trip), printed as ratios.
// Absolute numbers vary between machines; the ratios are what the targets are about.

import { spawnSync } from 'node:child_process';
import { createServer, request, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LambdaService } from '../src/runtime/service.ts';
import { findRuntime } from '../src/runtime/runtimes/registry.ts';
import { runtimesUnderTest, type RuntimeUnderTest } from '../test/support/runtimes.ts';
import { bareStarts } from './baselines.ts';

const coldSamples = Number(process.env.BENCH_COLD ?? 20);
const warmSamples = Number(process.env.BENCH_WARM ?? 500);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function timeProcess(command: string, args: string[]): number {
  const start = performance.now();
  const result = spawnSync(command, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
  return performance.now() - start;
}

async function httpRoundTrip(samples: number): Promise<number[]> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end('{}');
    });
  const times: number[] = [];
  for (let i = 0; i < samples + 50; i++) {
    const start = performance.now();
    await once();
    if (i >= 50) times.push(performance.now() - start);
  }
  agent.destroy();
  server.close();
  return times;
}

async function measureRuntime(service: LambdaService, bench: RuntimeUnderTest) {
  const name = `bench-${bench.family}`;
  const { code, handler } = bench.fixture('echo');
  await service.createFunction({ FunctionName: name, Runtime: bench.runtime, Handler: handler, Code: { Directory: code } });
  const cold: number[] = [];
  const init: number[] = [];
  for (let i = 0; i < coldSamples; i++) {
    await service.updateFunctionConfiguration(name, { Description: `cold ${i}` }); // retires the warm environment
    const start = performance.now();
    const out = await service.invoke({ FunctionName: name, Payload: '{}' });
    cold.push(performance.now() - start);
    init.push(out.Report.initDurationMs ?? 0);
    if (out.FunctionError || !out.Report.coldStart) throw new Error(`cold start sample failed: ${out.Payload}`);
  }
  const warm: number[] = [];
  for (let i = 0; i < warmSamples + 50; i++) {
    const start = performance.now();
    const out = await service.invoke({ FunctionName: name, Payload: '{}' });
    if (i >= 50) warm.push(performance.now() - start);
    if (out.Report.coldStart && i > 0) throw new Error('a warm sample started cold');
  }
  await service.deleteFunction(name);
  return { cold, init, warm };
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`.padStart(10);
const ratio = (value: number) => `${value.toFixed(2)}×`.padStart(7);

const service = new LambdaService({ maxEnvironments: 4 });
try {
  console.log(`Lambda Dojo bench: ${coldSamples} cold starts and ${warmSamples} warm invokes per runtime, on ${process.platform} ${process.arch}, Node ${process.version}\n`);
  const http = await httpRoundTrip(warmSamples);
  const httpP50 = percentile(http, 50);
  console.log(`loopback HTTP round trip (keep-alive): p50 ${fmt(httpP50)}  p99 ${fmt(percentile(http, 99))}\n`);
  console.log(
    ['runtime'.padEnd(16), 'bare start'.padStart(10), 'init p50'.padStart(10), 'cold p50'.padStart(10), 'cold p99'.padStart(10), 'cold/bare'.padStart(9), 'warm p50'.padStart(10), 'warm p99'.padStart(10), 'warm/http'.padStart(9)].join('  '),
  );
  let failed = false;
  for (const bench of runtimesUnderTest) {
    const bareStart = bareStarts[bench.family];
    if (!bareStart) throw new Error(`bench/baselines.ts has no bare start for ${bench.family}`);
    const definition = findRuntime(bench.runtime);
    const toolchain = definition && (await definition.detect());
    if (!toolchain) {
      console.log(`${bench.runtime.padEnd(16)}  skipped: toolchain not installed (npm run doctor says how to install it)`);
      continue;
    }
    const bare: number[] = [];
    const { command, args } = bareStart(toolchain);
    for (let i = 0; i < coldSamples; i++) bare.push(timeProcess(command, args));
    const { cold, init, warm } = await measureRuntime(service, bench);
    const bareP50 = percentile(bare, 50);
    const coldP50 = percentile(cold, 50);
    const warmP50 = percentile(warm, 50);
    console.log(
      [bench.runtime.padEnd(16), fmt(bareP50), fmt(percentile(init, 50)), fmt(coldP50), fmt(percentile(cold, 99)), ratio(coldP50 / bareP50).padStart(9), fmt(warmP50), fmt(percentile(warm, 99)), ratio(warmP50 / httpP50).padStart(9)].join('  '),
    );
    if (coldP50 / bareP50 > 1.5 || warmP50 > 1) failed = true;
  }
  console.log('\ninit: the Init Duration REPORT shows (process start to its first /next). cold: the whole cold invocation as the caller waits for it');
  console.log('(sandbox, process start, init, the first invoke). warm: a warm invocation as the caller waits for it.');
  console.log('Targets: cold start p50 under 1.5× the bare interpreter start; warm invoke p50 under 1 ms.');
  console.log(failed ? 'At least one runtime misses a target on this machine.' : 'Every runtime meets both targets on this machine.');
} finally {
  await service.shutdown();
}
