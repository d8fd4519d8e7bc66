// Throughput with 1, 2, 4 and 8 callers invoking at once, through the service and through as
// many floor loops (one per caller), alternated in the same run. On a machine with C cores it
// should grow with callers up to C.

import { availableParallelism } from 'node:os';
import type { LambdaService } from '../src/runtime/service.ts';
import type { Toolchain } from '../src/runtime/runtimes/registry.ts';
import type { RuntimeUnderTest } from '../test/support/runtimes.ts';
import { RuntimeApiFloor } from './floor/floors.ts';
import { hostCpuMs } from './proc.ts';
import { percentile } from './stats.ts';
import type { BenchOptions } from './options.ts';
import { floorLanguage } from './warm.ts';

export interface ThroughputPoint {
  callers: number;
  /** Invokes per second, the median of the rounds. */
  service: number;
  floor: number;
  /** Host CPU per invoke under this load, in µs. */
  serviceHostUs: number;
  floorHostUs: number;
}

export interface ThroughputResult {
  runtime: string;
  family: string;
  points: ThroughputPoint[];
  /** Throughput at min(cores, 8) callers over throughput at 1 caller. */
  scaling: number;
  floorScaling: number;
  cores: number;
}

const payload = '{"bench":true}';

/** Runs `callers` loops of `once` until the deadline; returns invokes per second and host CPU per invoke (µs). */
async function drive(callers: number, durationMs: number, once: (caller: number) => Promise<unknown>): Promise<{ rate: number; hostUs: number }> {
  let count = 0;
  const host0 = hostCpuMs();
  const start = performance.now();
  const deadline = start + durationMs;
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      while (performance.now() < deadline) {
        await once(caller);
        count += 1;
      }
    }),
  );
  const elapsed = performance.now() - start;
  return { rate: (count * 1000) / elapsed, hostUs: ((hostCpuMs() - host0) * 1000) / count };
}

export async function measureThroughput(service: LambdaService, bench: RuntimeUnderTest, floorCommand: string, options: BenchOptions): Promise<ThroughputResult> {
  const language = floorLanguage(bench.family)!;
  const name = `bench-throughput-${bench.family}`;
  const { code, handler } = bench.fixture('echo');
  await service.createFunction({ FunctionName: name, Runtime: bench.runtime, Handler: handler, Code: { Directory: code } });
  const most = Math.max(...options.callers);
  const floors = await Promise.all(Array.from({ length: most }, () => RuntimeApiFloor.start(language, floorCommand)));
  try {
    const invoke = async () => {
      const out = await service.invoke({ FunctionName: name, Payload: payload });
      if (out.FunctionError) throw new Error(`a throughput sample of ${bench.runtime} failed: ${out.Payload}`);
    };
    // As many warm environments as the most callers will need, started up front.
    await Promise.all(Array.from({ length: most }, invoke));
    const points: ThroughputPoint[] = [];
    for (const callers of options.callers) {
      const runs = { service: [] as { rate: number; hostUs: number }[], floor: [] as { rate: number; hostUs: number }[] };
      for (let round = 0; round < options.throughputRounds; round++) {
        const pair = [() => drive(callers, options.throughputMs, invoke).then((r) => runs.service.push(r)), () => drive(callers, options.throughputMs, (c) => floors[c]!.invoke(payload)).then((r) => runs.floor.push(r))];
        for (const run of round % 2 === 0 ? pair : pair.reverse()) await run();
      }
      points.push({
        callers,
        service: percentile(runs.service.map((r) => r.rate), 50),
        floor: percentile(runs.floor.map((r) => r.rate), 50),
        serviceHostUs: percentile(runs.service.map((r) => r.hostUs), 50),
        floorHostUs: percentile(runs.floor.map((r) => r.hostUs), 50),
      });
    }
    const cores = availableParallelism();
    // The most callers that still have a core each (2 on a 2-core machine), against one caller.
    const top = points.filter((p) => p.callers <= Math.max(1, Math.min(cores, 8))).pop()!;
    const one = points.find((p) => p.callers === 1)!;
    return { runtime: bench.runtime, family: bench.family, points, scaling: top.service / one.service, floorScaling: top.floor / one.floor, cores };
  } finally {
    await Promise.all(floors.map((f) => f.close()));
    await service.deleteFunction(name);
  }
}
