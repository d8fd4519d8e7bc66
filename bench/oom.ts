// How fast the service stops a function that goes over its memory: from the moment the
// environment passed the limit as the service counts it (the runtime's peak resident size, which
// the function logs every millisecond, plus what the sandbox's other processes hold) to the
// moment the caller has the Runtime.OutOfMemory answer, the environment killed.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LambdaService } from '../src/runtime/service.ts';
import { environmentRoot, processTree, treeMemoryMB } from './proc.ts';
import { summarize, type Summary } from './stats.ts';

export interface OomResult {
  runtime: string;
  /** Crossing the limit to the answer, ms. */
  reactionMs: Summary;
  /** How far over the limit the function got by its last line, MB (negative: stopped within the step that crossed). */
  overshootMB: Summary;
}

const memoryMB = 128;

/** PSS of the environment's processes other than the runtime (the launcher, its init), in bytes: the service adds them to the runtime's peak. */
function othersBytes(pids: number[]): number {
  const members = pids.flatMap(processTree);
  const isRuntime = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('bootstrap');
    } catch {
      return false;
    }
  };
  return members.filter((pid) => !isRuntime(pid)).reduce((sum, pid) => sum + treeMemoryMB(pid, false).pss * 1024 * 1024, 0);
}

export async function measureOom(service: LambdaService, runtime: string, family: 'nodejs' | 'python', samples: number): Promise<OomResult> {
  const name = `bench-oom-${family}`;
  const code = fileURLToPath(new URL(`./fixtures/oom/${family}/`, import.meta.url));
  await service.createFunction({ FunctionName: name, Runtime: runtime, Handler: 'grow.handler', Code: { Directory: code }, MemorySize: memoryMB, Timeout: 30 });
  const reactions: number[] = [];
  const overshoots: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      // A warm environment first, so what the sandbox's other processes hold can be read.
      await service.invoke({ FunctionName: name, Payload: '{"warm":true}' });
      const others = othersBytes(service.environmentPids().map(environmentRoot));
      const out = await service.invoke({ FunctionName: name, Payload: '{}' });
      const answered = performance.timeOrigin + performance.now();
      if (!/OutOfMemory/.test(out.Report.errorType ?? String(out.Payload))) throw new Error(`the ${runtime} memory hog was not stopped for memory: ${String(out.Payload)}`);
      const sizes = out.Logs.flatMap((line) => {
        const match = /peak (\d+) at ([\d.]+)/.exec(String(line));
        return match ? [{ bytes: Number(match[1]) + others, at: Number(match[2]) }] : [];
      });
      if (sizes.length === 0) throw new Error(`the ${runtime} memory hog was stopped before it logged anything: ${String(out.Payload)}`);
      // Stopped within the step that crossed (before the function could log it): the last line
      // is then the latest the crossing can be dated, so the reaction is at most answered - that.
      const crossed = sizes.find((s) => s.bytes > memoryMB * 1024 * 1024) ?? sizes[sizes.length - 1]!;
      reactions.push(answered - crossed.at);
      overshoots.push(sizes[sizes.length - 1]!.bytes / 1024 / 1024 - memoryMB);
    }
  } finally {
    await service.deleteFunction(name);
  }
  return { runtime, reactionMs: summarize(reactions), overshootMB: summarize(overshoots) };
}
