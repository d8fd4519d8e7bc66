// The service's own lifecycle: idle environments are reaped, updates start new
// environments, init has its limit, and shutting down leaves nothing behind.

import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LambdaService } from '../../src/runtime/service.ts';
import type { AsyncInvocationResult } from '../../src/runtime/types.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { deploy, fixtures, json } from '../support/service.ts';

const [node, python] = runtimesUnderTest.map((r) => r.runtime) as [string, string];

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function eventually(predicate: () => boolean, ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return predicate();
}

describe('service lifecycle', () => {
  it('leaves no process and no sandbox folder behind after shutdown, whatever the handlers did', async () => {
    const service = new LambdaService();
    const warm = await deploy(service, node, 'nodejs', 'counter.handler');
    const busy = await deploy(service, python, 'python', 'busy.handler', { Timeout: 30 });
    const timer = await deploy(service, python, 'python', 'timer.handler');
    await service.invoke({ FunctionName: warm });
    await service.invoke({ FunctionName: timer, Payload: { arm: 60_000 } }); // a thread left behind, frozen
    // Still running when we shut down; its rejection is caught at once so it is never unhandled while shutdown runs.
    const stuck = service.invoke({ FunctionName: busy }).catch((error: unknown) => error);
    await eventually(() => service.environmentPids().length === 3);
    const pids = service.environmentPids();
    expect(pids).toHaveLength(3);
    expect(existsSync(service.root)).toBe(true);

    await service.shutdown();
    await stuck;
    expect(pids.filter(isAlive)).toEqual([]);
    expect(existsSync(service.root)).toBe(false);
    expect(readdirSync(tmpdir()).filter((f) => service.root.endsWith(f))).toEqual([]);
    await expect(service.invoke({ FunctionName: warm })).rejects.toMatchObject({ name: 'ServiceException' });
  });

  it('shuts down idle environments after the idle timeout', async () => {
    const service = new LambdaService({ idleTimeoutMs: 300 });
    try {
      const name = await deploy(service, node, 'nodejs', 'counter.handler');
      await service.invoke({ FunctionName: name });
      // The host's pid: inside its PID namespace the runtime's own pid is small and the same in every environment.
      const [first] = service.environmentPids();
      expect(await eventually(() => !isAlive(first!), 5_000)).toBe(true);
      const after = await service.invoke({ FunctionName: name });
      expect(after.Report.coldStart).toBe(true);
      expect(json(after.Payload).count).toBe(1);
    } finally {
      await service.shutdown();
    }
  });

  it('starts fresh environments after the code or configuration changes', async () => {
    const service = new LambdaService();
    try {
      const name = await deploy(service, node, 'nodejs', 'counter.handler');
      await service.invoke({ FunctionName: name });
      await service.updateFunctionConfiguration(name, { MemorySize: 256 });
      const afterConfig = await service.invoke({ FunctionName: name });
      expect(afterConfig.Report).toMatchObject({ coldStart: true, memorySizeMB: 256 });
      await service.updateFunctionCode(name, { Directory: fixtures('nodejs') });
      expect((await service.invoke({ FunctionName: name })).Report.coldStart).toBe(true);
    } finally {
      await service.shutdown();
    }
  });

  it('retries an init that runs past the init limit inside the invoke phase, as Lambda does', async () => {
    const service = new LambdaService({ initLimitMs: 300 });
    try {
      const name = await deploy(service, node, 'nodejs', 'slow_init.handler', { Timeout: 3, Environment: { Variables: { INIT_MS: '600' } } });
      const out = await service.invoke({ FunctionName: name });
      expect(out.Logs.filter((l) => l.startsWith('INIT_REPORT'))).toEqual([expect.stringMatching(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: timeout$/)]);
      expect(json(out.Payload)).toBe('initialised');
      const slow = await deploy(service, node, 'nodejs', 'slow_init.handler', { Timeout: 1, Environment: { Variables: { INIT_MS: '5000' } } });
      const failed = await service.invoke({ FunctionName: slow });
      expect(failed.Logs.some((l) => /^INIT_REPORT .*\tPhase: invoke\tStatus: timeout$/.test(l))).toBe(true);
      expect(json(failed.Payload).errorType).toBe('Sandbox.Timedout');
    } finally {
      await service.shutdown();
    }
  });

  it('stops an init that grows past the memory size, as out of memory', async () => {
    const service = new LambdaService();
    const folder = mkdtempSync(join(tmpdir(), 'dojo-init-hog-'));
    try {
      writeFileSync(join(folder, 'index.mjs'), "const kept = [];\nfor (let i = 0; i < 40; i++) { kept.push(Buffer.alloc(16 * 1024 * 1024, 1)); await new Promise((r) => setTimeout(r, 5)); }\nexport const handler = async () => kept.length;\n");
      await service.createFunction({ FunctionName: 'init-hog', Runtime: node, Handler: 'index.handler', Code: { Directory: folder }, MemorySize: 128 });
      const out = await service.invoke({ FunctionName: 'init-hog' });
      expect(json(out.Payload)).toEqual({ errorType: 'Runtime.OutOfMemory', errorMessage: `RequestId: ${out.RequestId} Error: Runtime exited with error: signal: killed` });
      expect(out.Logs.some((l) => /^INIT_REPORT Init Duration: .*\tStatus: error\tError Type: Runtime\.OutOfMemory$/.test(l))).toBe(true);
      expect(out.Report.maxMemoryUsedMB).toBeGreaterThanOrEqual(128);
    } finally {
      await service.shutdown();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('accepts Event invocations with 202 and runs them in the background', async () => {
    const service = new LambdaService();
    try {
      const name = await deploy(service, node, 'nodejs', 'logs.handler');
      const lines: string[] = [];
      service.on('log', (e) => lines.push(e.message));
      const accepted = await service.invoke({ FunctionName: name, InvocationType: 'Event' });
      expect(accepted).toMatchObject({ StatusCode: 202 });
      expect(accepted.Payload.length).toBe(0);
      expect(await eventually(() => lines.some((l) => l.startsWith(`REPORT RequestId: ${accepted.RequestId}`)))).toBe(true);
      const dry = await service.invoke({ FunctionName: name, InvocationType: 'DryRun' });
      expect(dry.StatusCode).toBe(204);
      await expect(service.invoke({ FunctionName: name, InvocationType: 'Event', Payload: { big: 'x'.repeat(1024 * 1024) } })).rejects.toMatchObject({
        name: 'RequestTooLargeException',
        message: expect.stringContaining('smaller than 1048576 bytes'),
      });
    } finally {
      await service.shutdown();
    }
  });

  it('retries a failed Event invocation twice, then reports it', async () => {
    const service = new LambdaService({ asyncRetryDelaysMs: [50, 50] });
    try {
      const name = await deploy(service, node, 'nodejs', 'throws.handler');
      const starts: string[] = [];
      service.on('log', (e) => e.message.startsWith('START') && starts.push(e.message));
      const failed = new Promise<AsyncInvocationResult>((resolve) => service.once('asyncResult', resolve));
      const accepted = await service.invoke({ FunctionName: name, InvocationType: 'Event', Payload: { message: 'nope' } });
      const result = await failed;
      expect(result).toMatchObject({ requestId: accepted.RequestId, condition: 'RetriesExhausted', approximateInvokeCount: 3, functionError: 'Unhandled' });
      expect(JSON.parse(result.event)).toEqual({ message: 'nope' });
      expect(starts).toHaveLength(3);
      expect(new Set(starts).size).toBe(1); // the same request id each time, as Lambda retries
    } finally {
      await service.shutdown();
    }
  });

  it('returns the last 4 KB of the log with LogType Tail', async () => {
    const service = new LambdaService();
    try {
      const name = await deploy(service, node, 'nodejs', 'logs.handler');
      const out = await service.invoke({ FunctionName: name, LogType: 'Tail' });
      const tail = Buffer.from(out.LogResult!, 'base64').toString('utf8');
      expect(tail).toContain(`START RequestId: ${out.RequestId} Version: $LATEST`);
      expect(tail).toContain('hello from the handler');
      expect(tail).toMatch(/REPORT RequestId: .*\tBilled Duration: \d+ ms/);
    } finally {
      await service.shutdown();
    }
  });

  it('reports a local toolchain of another version in the logs', async () => {
    const service = new LambdaService();
    try {
      const other = process.versions.node.startsWith('20.') ? 'nodejs22.x' : 'nodejs20.x';
      const name = await deploy(service, other, 'nodejs', 'echo.handler');
      const out = await service.invoke({ FunctionName: name });
      expect(out.Logs[0]).toContain(`${other} asked for nodejs ${other.slice(6, 8)}; this machine runs nodejs ${process.versions.node}`);
    } finally {
      await service.shutdown();
    }
  });
});
