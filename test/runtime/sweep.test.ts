// A host killed without shutting its service down (kill -9) leaves frozen runtimes and sandbox
// folders; the next service to start finds them, stops the runtimes and removes the folders.

import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LambdaService } from '../../src/runtime/service.ts';
import { projectRoot } from '../support/cli.ts';
import { eventually, newToken, sleepers } from '../support/processes.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { fixtures } from '../support/service.ts';

const python = runtimesUnderTest.find((r) => r.family === 'python')!.runtime;

/** Running or stopped; a zombie (killed, waiting for init to reap it) counts as gone. */
const isAlive = (pid: number) => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

// The sweep proves a leftover process is ours through /proc, so this is Linux's behaviour.
describe.runIf(process.platform === 'linux')('abandoned sandboxes', () => {
  it('are cleaned up by the next service after the host was killed', async () => {
    const script = `
      import { LambdaService } from ${JSON.stringify(`${projectRoot}src/runtime/service.ts`)};
      const service = new LambdaService();
      await service.createFunction({ FunctionName: 'left', Runtime: 'nodejs${process.versions.node.split('.')[0]}.x', Handler: 'counter.handler', Code: { Directory: ${JSON.stringify(fixtures('nodejs'))} } });
      await service.invoke({ FunctionName: 'left' });
      console.log(JSON.stringify({ root: service.root, pids: service.environmentPids() }));
      setInterval(() => {}, 1000);
    `;
    const host = execa(process.execPath, ['--input-type=module', '-e', script], { reject: false });
    const line = await new Promise<string>((resolve) => host.stdout!.once('data', (d) => resolve(String(d))));
    const { root, pids } = JSON.parse(line) as { root: string; pids: number[] };
    expect(pids.every(isAlive)).toBe(true);
    host.kill('SIGKILL');
    await host;
    expect(pids.length).toBe(1);
    // From here the runtime is frozen and orphaned until a service sweeps it: ours below, or one
    // that another test file starts meanwhile (every new service sweeps).

    const next = new LambdaService();
    try {
      // Another test file's new service may be the one sweeping it, a moment later: wait a little.
      expect(await eventually(() => !isAlive(pids[0]!))).toBe(true);
      expect(await eventually(() => !existsSync(root))).toBe(true);
    } finally {
      await next.shutdown();
    }
  });
});

// A function that daemonises, ignores SIGHUP and leaves for '/' gives no clue but its marker
// variable; with the launcher it ends with its host, without (plain) the next sweep finds it.
describe.runIf(process.platform === 'linux').each([{ isolation: 'auto' }, { isolation: 'plain' }])('after kill -9 of the host ($isolation containment)', ({ isolation }) => {
  it('a daemon that ignores SIGHUP and moved to / does not survive the next service\'s sweep', async () => {
    const token = newToken();
    const script = `
      import { LambdaService } from ${JSON.stringify(`${projectRoot}src/runtime/service.ts`)};
      const service = new LambdaService();
      await service.createFunction({ FunctionName: 'left', Runtime: ${JSON.stringify(python)}, Handler: 'escape.handler', Code: { Directory: ${JSON.stringify(fixtures('python'))} } });
      await service.invoke({ FunctionName: 'left', Payload: { kind: 'daemon', ignoreHangup: true, token: ${JSON.stringify(token)} } });
      console.log(JSON.stringify({ root: service.root }));
      setInterval(() => {}, 1000);
    `;
    const host = execa(process.execPath, ['--input-type=module', '-e', script], { reject: false, env: { ...process.env, LAMBDA_DOJO_ISOLATION: isolation } });
    const line = await new Promise<string>((resolve) => host.stdout!.once('data', (d) => resolve(String(d))));
    const { root } = JSON.parse(line) as { root: string };
    expect(sleepers(token)).toHaveLength(1);
    host.kill('SIGKILL');
    await host;
    const next = new LambdaService();
    try {
      expect(await eventually(() => sleepers(token).length === 0)).toBe(true);
      expect(await eventually(() => !existsSync(root))).toBe(true);
    } finally {
      await next.shutdown();
    }
  });
});
