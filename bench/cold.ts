// Cold starts beside the bare start of the same binary, alternated in the same run: a cold
// invocation as the caller waits for it (sandbox, process start, init, first invoke) against
// the toolchain starting and doing nothing.

import { spawn } from 'node:child_process';
import type { LambdaService } from '../src/runtime/service.ts';
import type { Toolchain } from '../src/runtime/runtimes/registry.ts';
import type { RuntimeUnderTest } from '../test/support/runtimes.ts';
import { bareStarts } from './baselines.ts';
import { interleave, ratio, summarize, type Ratio, type Summary } from './stats.ts';

export interface ColdResult {
  runtime: string;
  family: string;
  bare: string;
  bareMs: Summary;
  coldMs: Summary;
  initMs: Summary;
  coldOverBare: Ratio;
}

/** Time to start a process and see it exit (spawned as the service spawns, not blocking the loop). */
function timeProcess(command: string, args: string[]): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - start) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

export async function measureCold(service: LambdaService, bench: RuntimeUnderTest, toolchain: Toolchain, samples: number): Promise<ColdResult> {
  const bareStart = bareStarts[bench.family];
  if (!bareStart) throw new Error(`bench/baselines.ts has no bare start for ${bench.family}`);
  const bare = await bareStart(toolchain);
  const name = `bench-cold-${bench.family}`;
  const { code, handler } = bench.fixture('echo');
  await service.createFunction({ FunctionName: name, Runtime: bench.runtime, Handler: handler, Code: { Directory: code } });
  await timeProcess(bare.command, bare.args); // a first start pages the binary in; not counted
  const init: number[] = [];
  let round = 0;
  const times = await interleave(samples, {
    cold: async () => {
      await service.updateFunctionConfiguration(name, { Description: `cold ${round++}` }); // retires the warm environment
      const start = performance.now();
      const out = await service.invoke({ FunctionName: name, Payload: '{}' });
      const elapsed = performance.now() - start;
      if (out.FunctionError || !out.Report.coldStart) throw new Error(`a cold start sample of ${bench.runtime} failed: ${out.Payload}`);
      init.push(out.Report.initDurationMs ?? Number.NaN);
      return elapsed;
    },
    bare: () => timeProcess(bare.command, bare.args),
  });
  await service.deleteFunction(name);
  return {
    runtime: bench.runtime,
    family: bench.family,
    bare: bare.what,
    bareMs: summarize(times.bare),
    coldMs: summarize(times.cold),
    initMs: summarize(init),
    coldOverBare: ratio(times.cold, times.bare),
  };
}
