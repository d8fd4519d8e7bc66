// How fast the service stops a function that goes over its memory: from the moment the function
// itself saw its resident memory pass the limit (it logs its size every millisecond) to the
// moment the caller has the Runtime.OutOfMemory answer, the environment killed.

import { fileURLToPath } from 'node:url';
import type { LambdaService } from '../src/runtime/service.ts';
import { summarize, type Summary } from './stats.ts';

export interface OomResult {
  runtime: string;
  /** Crossing the limit to the answer, ms. */
  reactionMs: Summary;
  /** How far over the limit the function got (its last line), MB. */
  overshootMB: Summary;
}

const memoryMB = 128;

export async function measureOom(service: LambdaService, runtime: string, family: 'nodejs' | 'python', samples: number): Promise<OomResult> {
  const name = `bench-oom-${family}`;
  const code = fileURLToPath(new URL(`./fixtures/oom/${family}/`, import.meta.url));
  await service.createFunction({ FunctionName: name, Runtime: runtime, Handler: 'grow.handler', Code: { Directory: code }, MemorySize: memoryMB, Timeout: 30 });
  const reactions: number[] = [];
  const overshoots: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const out = await service.invoke({ FunctionName: name, Payload: '{}' });
      const answered = performance.timeOrigin + performance.now();
      if (!/OutOfMemory/.test(out.Report.errorType ?? out.Payload.toString())) throw new Error(`the ${runtime} memory hog was not stopped for memory: ${out.Payload}`);
      const sizes = out.Logs.flatMap((line) => {
        const match = /rss (\d+) at ([\d.]+)/.exec(line);
        return match ? [{ bytes: Number(match[1]), at: Number(match[2]) }] : [];
      });
      const crossed = sizes.find((s) => s.bytes > memoryMB * 1024 * 1024);
      if (!crossed) throw new Error(`the ${runtime} memory hog was stopped before it logged crossing ${memoryMB} MB`);
      reactions.push(answered - crossed.at);
      overshoots.push(sizes[sizes.length - 1]!.bytes / 1024 / 1024 - memoryMB);
    }
  } finally {
    await service.deleteFunction(name);
  }
  return { runtime, reactionMs: summarize(reactions), overshootMB: summarize(overshoots) };
}
