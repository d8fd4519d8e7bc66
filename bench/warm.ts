// Warm invokes through the service beside their floors, alternated in the same run: a minimal
// Runtime API loop in a child process (Node.js and Python), and one HTTP round trip between two
// processes. Back to back (the runtime may not reach its /next before the next event, so it is
// rarely frozen), and with a gap that lets the service freeze it first, as between real events.

import type { LambdaService } from '../src/runtime/service.ts';
import type { Toolchain } from '../src/runtime/runtimes/registry.ts';
import type { RuntimeUnderTest } from '../test/support/runtimes.ts';
import { HttpFloor, RuntimeApiFloor } from './floor/floors.ts';
import { environmentRoot, hostCpuMs, isStopped, processTree, treeCpuMs, treeMemoryMB } from './proc.ts';
import { interleave, ratio, summarize, type Ratio, type Summary } from './stats.ts';
import type { BenchOptions } from './options.ts';

export interface CpuPerInvoke {
  /** Host CPU per invoke, in µs: this process, all threads. */
  hostUs: number;
  /** CPU of the runtime's process tree per invoke, in µs. */
  runtimeUs: number;
}

export interface WarmResult {
  runtime: string;
  family: string;
  /** The Runtime API loop this runtime is compared with, when there is one for its language. */
  floor?: string;
  backToBack: { serviceMs: Summary; floorMs?: Summary; httpMs: Summary; overFloor?: Ratio; overHttp: Ratio };
  frozen: { serviceMs: Summary; floorMs?: Summary; frozenShare: number; overFloor?: Ratio };
  cpu: { service: CpuPerInvoke; floor?: CpuPerInvoke; hostOverFloor?: number; frozenService: CpuPerInvoke; frozenFloor?: CpuPerInvoke; frozenHostOverFloor?: number };
  memoryMB: { service: { rss: number; pss: number }; floor?: { rss: number; pss: number } };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const payload = '{"bench":true}';

/** Which floor loop speaks for a runtime: its own language's, where we have one. */
export function floorLanguage(family: string): 'nodejs' | 'python' | undefined {
  if (family === 'nodejs') return 'nodejs';
  if (family === 'python' || family === 'provided') return 'python'; // the custom-runtime fixture is a Python bootstrap
  return undefined;
}

export async function measureWarm(service: LambdaService, bench: RuntimeUnderTest, toolchain: Toolchain, python: Toolchain | undefined, http: HttpFloor, options: BenchOptions): Promise<WarmResult> {
  const name = `bench-warm-${bench.family}`;
  const { code, handler } = bench.fixture('echo');
  await service.createFunction({ FunctionName: name, Runtime: bench.runtime, Handler: handler, Code: { Directory: code } });
  const language = floorLanguage(bench.family);
  const floorCommand = language === 'nodejs' ? process.execPath : python?.command;
  const floor = language && floorCommand ? await RuntimeApiFloor.start(language, floorCommand) : undefined;
  try {
    let warmedUp = false;
    const invoke = async () => {
      const out = await service.invoke({ FunctionName: name, Payload: payload });
      if (out.FunctionError || (warmedUp && out.Report.coldStart)) throw new Error(`a warm sample of ${bench.runtime} failed or started cold: ${out.Payload}`);
    };
    // Whole environments: the runtime with the launcher and init that hold it, where there are.
    const pids = () => service.environmentPids().map(environmentRoot);
    for (let i = 0; i < options.warmUp; i++) await invoke();
    for (let i = 0; i < options.warmUp && floor; i++) await floor.invoke(payload);
    warmedUp = true;
    const timed = async (run: () => Promise<unknown>) => {
      const start = performance.now();
      await run();
      return performance.now() - start;
    };

    const back = await interleave(options.warmSamples, {
      service: () => timed(invoke),
      ...(floor ? { floor: () => timed(() => floor.invoke(payload)) } : {}),
      http: () => timed(() => http.roundTrip(payload)),
    } as Record<'service' | 'floor' | 'http', () => Promise<number>>);

    // The gap: wait until the service has frozen the runtime (SIGSTOP in its /next); the floor waits as long.
    let frozenStarts = 0;
    const untilFrozen = async () => {
      await sleep(2);
      for (let i = 0; i < 500; i++) {
        // The environment's root may be the containment launcher, which freezes the runtime below it.
        if (pids().some((pid) => processTree(pid).some(isStopped))) return true;
        await sleep(1);
      }
      return false;
    };
    const floorGap = async () => {
      await sleep(2);
      if (floor) processTree(floor.pid).some(isStopped); // the same /proc reads the service's side makes
    };
    const gapped = await interleave(Math.max(2, Math.round(options.warmSamples / 2)), {
      service: async () => {
        if (await untilFrozen()) frozenStarts += 1;
        return timed(invoke);
      },
      ...(floor ? { floor: async () => (await floorGap(), timed(() => floor.invoke(payload))) } : {}),
    } as Record<'service' | 'floor', () => Promise<number>>);

    const cpuBlocks = async (frozen: boolean) => {
      const totals = { service: { host: 0, runtime: 0, n: 0 }, floor: { host: 0, runtime: 0, n: 0 } };
      const block = async (who: 'service' | 'floor') => {
        const runtimePids = who === 'service' ? pids() : [floor!.pid];
        const runtime0 = runtimePids.reduce((sum, pid) => sum + treeCpuMs(pid), 0);
        const host0 = hostCpuMs();
        for (let i = 0; i < options.cpuBlock; i++) {
          // The same fixed gap and the same /proc reads on both sides, so the bench's own polling weighs on neither.
          if (frozen) {
            await sleep(4);
            processTree(who === 'service' ? runtimePids[0]! : floor!.pid).some(isStopped);
          }
          await (who === 'service' ? invoke() : floor!.invoke(payload));
        }
        await sleep(3); // work the invocations left behind (the freeze, log lines) counts too
        totals[who].host += hostCpuMs() - host0;
        totals[who].runtime += runtimePids.reduce((sum, pid) => sum + treeCpuMs(pid), 0) - runtime0;
        totals[who].n += options.cpuBlock;
        return 0;
      };
      await interleave(options.cpuBlocks, { service: () => block('service'), ...(floor ? { floor: () => block('floor') } : {}) } as Record<'service' | 'floor', () => Promise<number>>);
      const per = (t: { host: number; runtime: number; n: number }): CpuPerInvoke => ({ hostUs: (t.host * 1000) / t.n, runtimeUs: (t.runtime * 1000) / t.n });
      return { service: per(totals.service), ...(floor ? { floor: per(totals.floor) } : {}) };
    };
    const cpu = await cpuBlocks(false);
    const frozenCpu = await cpuBlocks(true);

    const memory = { service: pids().map((pid) => treeMemoryMB(pid)).reduce((a, b) => ({ rss: a.rss + b.rss, pss: a.pss + b.pss }), { rss: 0, pss: 0 }), ...(floor ? { floor: treeMemoryMB(floor.pid) } : {}) };
    return {
      runtime: bench.runtime,
      family: bench.family,
      ...(floor ? { floor: `${language} Runtime API loop (bench/floor)` } : {}),
      backToBack: {
        serviceMs: summarize(back.service),
        httpMs: summarize(back.http),
        overHttp: ratio(back.service, back.http),
        ...(floor ? { floorMs: summarize(back.floor), overFloor: ratio(back.service, back.floor) } : {}),
      },
      frozen: {
        serviceMs: summarize(gapped.service),
        frozenShare: frozenStarts / gapped.service.length,
        ...(floor ? { floorMs: summarize(gapped.floor), overFloor: ratio(gapped.service, gapped.floor) } : {}),
      },
      cpu: {
        service: cpu.service,
        frozenService: frozenCpu.service,
        ...(cpu.floor && frozenCpu.floor
          ? { floor: cpu.floor, hostOverFloor: cpu.service.hostUs / cpu.floor.hostUs, frozenFloor: frozenCpu.floor, frozenHostOverFloor: frozenCpu.service.hostUs / frozenCpu.floor.hostUs }
          : {}),
      },
      memoryMB: memory,
    };
  } finally {
    await floor?.close();
    await service.deleteFunction(name);
  }
}
