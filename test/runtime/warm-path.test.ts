// The parts of a warm invoke that were made cheaper (issue 16) still tell the truth: the
// runtime's status file held open follows the process it was opened for, a trace header made
// without an incoming one is a whole X-Ray header with its lineage, and invocation records
// keep true concurrency counts though they are only put together while someone listens.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { availableContainment } from '../../src/runtime/host/mount-namespace.ts';
import { RuntimeStatus } from '../../src/runtime/environments/memory-usage.ts';
import { InvocationRecords } from '../../src/runtime/invoke/invocation-records.ts';
import type { InvocationInput } from '../../src/runtime/invoke/invoker.ts';
import { lineageHash, nextHop, parseTraceHeader } from '../../src/runtime/invoke/recursion.ts';
import type { InvocationRecord, InvokeOutput } from '../../src/runtime/types.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { eventually, newToken, processState, sleepers } from '../support/processes.ts';
import { deploy, useService } from '../support/service.ts';

const MiB = 1024 * 1024;

describe.runIf(process.platform === 'linux')("the runtime's status file, held open", () => {
  it('reads the resident set and its high-water mark as the process grows, and nothing once it is gone', async () => {
    // Holds 64 MB after its first line of input, then waits.
    const child = spawn(process.execPath, ['-e', "process.stdin.once('data', () => { globalThis.held = Buffer.alloc(64 * 1024 * 1024, 1); console.log('held'); });"], { stdio: ['pipe', 'pipe', 'ignore'] });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const status = new RuntimeStatus(child.pid!);
    try {
      const before = status.read()!;
      expect(before.resident).toBeGreaterThan(5 * MiB);
      expect(before.peak).toBeGreaterThanOrEqual(before.resident);
      child.stdin!.write('go\n');
      await once(child.stdout!, 'data');
      const after = status.read()!;
      expect(after.resident - before.resident).toBeGreaterThan(60 * MiB);
      expect(after.peak).toBeGreaterThanOrEqual(after.resident);
      child.kill('SIGKILL');
      await once(child, 'exit');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(status.read()).toBeUndefined();
    } finally {
      child.kill('SIGKILL');
      status.close();
    }
  });

  it('reads nothing for a process that is not there', () => {
    expect(new RuntimeStatus(2 ** 22 + 1).read()).toBeUndefined();
  });
});

describe.runIf(process.platform === 'linux' && availableContainment() !== 'plain')('a frozen environment thawed for an event', () => {
  const service = useService();

  // The launcher has acknowledged the freeze, so the event goes out with the thaw, not after an
  // answer to it: the runtime reads it only once it runs again, and nothing of the freeze is left
  // to stop what the handler forks (issue 8).
  it('runs a handler that forks at once to its end, every time, and freezes what it forked', async () => {
    const name = await deploy(service(), runtimesUnderTest.find((r) => r.family === 'python')!.runtime, 'python', 'escape.handler', { Timeout: 5 });
    await service().invoke({ FunctionName: name, Payload: { kind: 'none' } });
    const runtime = service().environmentPids()[0]!;
    for (let run = 0; run < 20; run++) {
      expect(await eventually(() => processState(runtime) === 'T'), `frozen before event ${run + 1}`).toBe(true);
      const token = newToken();
      const out = await service().invoke({ FunctionName: name, Payload: { kind: 'daemon', token } });
      expect(out.FunctionError, `event ${run + 1}: ${String(out.Payload)}`).toBeUndefined();
      expect(out.Report.coldStart).toBe(false);
      expect(await eventually(() => sleepers(token).length === 1 && sleepers(token).every((pid) => processState(pid) === 'T'))).toBe(true);
    }
    await service().deleteFunction(name);
  });
});

describe("a warm environment's deadline", () => {
  const service = useService();

  // One timer serves every invocation of an environment, armed again at each start.
  it("counts from each invocation's own start: a quick invocation's deadline never cuts a later one short, and a long one is still stopped", async () => {
    const name = await deploy(service(), runtimesUnderTest.find((r) => r.family === 'python')!.runtime, 'python', 'escape.handler', { Timeout: 1 });
    for (let i = 0; i < 5; i++) expect((await service().invoke({ FunctionName: name, Payload: { kind: 'wait', seconds: 0 } })).FunctionError).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Starts half a second after the last quick one, whose deadline would fall in its middle.
    const later = await service().invoke({ FunctionName: name, Payload: { kind: 'wait', seconds: 0.7 } });
    expect(later.FunctionError, String(later.Payload)).toBeUndefined();
    expect(later.Report.coldStart).toBe(false);
    const long = await service().invoke({ FunctionName: name, Payload: { kind: 'wait', seconds: 3 } });
    expect(JSON.parse(String(long.Payload)).errorType).toBe('Sandbox.Timedout');
    expect(long.Report.durationMs).toBeGreaterThanOrEqual(1000);
    expect(long.Report.durationMs).toBeLessThan(2500);
    await service().deleteFunction(name);
  });
});

describe('a trace header for an invocation no header came in with', () => {
  const arn = 'arn:aws:lambda:us-east-1:123456789012:function:first';

  it('starts a trace: a new X-Ray Root, a Parent, Sampled=0 and the function first in its lineage', () => {
    const hop = nextHop(undefined, arn, Date.UTC(2026, 11, 7) + 1);
    const header = parseTraceHeader(hop.traceHeader)!;
    expect(hop.invocation).toBe(1);
    expect(header.root).toMatch(new RegExp(`^1-${Math.floor(Date.UTC(2026, 11, 7) / 1000).toString(16)}-[0-9a-f]{24}$`));
    expect(header.parent).toMatch(/^[0-9a-f]{16}$/);
    expect(header.sampled).toBe('0');
    expect([...header.lineage]).toEqual([[lineageHash(arn), 0]]);
    // The next hop of the same chain counts it again.
    expect(nextHop(hop.traceHeader, arn).invocation).toBe(2);
  });

  it('never gives two invocations the same Root or Parent', () => {
    const headers = Array.from({ length: 1000 }, () => parseTraceHeader(nextHop('', arn).traceHeader)!);
    expect(new Set(headers.map((h) => h.root)).size).toBe(1000);
    expect(new Set(headers.map((h) => h.parent)).size).toBe(1000);
  });
});

describe('invocation records', () => {
  const input = (name: string) => ({ version: { config: { FunctionName: name, Version: '$LATEST' } }, invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}:live` }) as unknown as InvocationInput;
  const output = { StatusCode: 200, Payload: Buffer.from('{}'), ExecutedVersion: '$LATEST', RequestId: 'r', Logs: [], Report: {} } as unknown as InvokeOutput;

  it('are made only while someone listens, with the invocations under way counted all along', async () => {
    const told: InvocationRecord[] = [];
    let listening = false;
    const records = new InvocationRecords({ listening: () => listening, tell: (record) => told.push(record) });
    let finishFirst!: () => void;
    const first = records.run(input('a'), 'RequestResponse', () => new Promise((resolve) => (finishFirst = () => resolve(output))));
    await records.run(input('b'), 'Event', async () => output);
    expect(told).toEqual([]); // nobody listened: nothing was put together
    listening = true;
    await records.run(input('a'), 'RequestResponse', async () => output);
    finishFirst();
    await first;
    // The second invocation of a ran while the first (begun before anyone listened) was under way.
    expect(told.map((r) => [r.functionName, r.qualifier, r.concurrentExecutions, r.accountConcurrentExecutions])).toEqual([
      ['a', 'live', 2, 2],
      ['a', 'live', 1, 1],
    ]);
  });
});
