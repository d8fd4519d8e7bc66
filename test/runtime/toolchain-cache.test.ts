// Toolchain detection is kept between processes while the binaries it ran are the same files:
// a version manager's shim costs ~100 ms per probe, and a one-shot invoke should not pay it.

import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/cli.ts';

const folder = mkdtempSync(join(tmpdir(), 'dojo-toolchain-cache-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function realPython(): string | undefined {
  try {
    return execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

describe.runIf(process.platform !== 'win32' && realPython())('the toolchain probe', () => {
  const shims = join(folder, 'shims');
  const calls = join(folder, 'calls.log');
  const shim = join(shims, 'python3');
  mkdirSync(shims, { recursive: true });
  // A shim like pyenv's: a script first on PATH that runs the real interpreter, and counts its calls.
  writeFileSync(shim, `#!/bin/sh\necho probe >> '${calls}'\nexec '${realPython()}' "$@"\n`, { mode: 0o755 });
  const env = { ...process.env, PATH: `${shims}:${process.env.PATH}`, LAMBDA_DOJO_TOOLCHAIN_CACHE: join(folder, 'toolchains.json') };
  const detect = async () => {
    const script = `const { findRuntime } = await import(${JSON.stringify(`${projectRoot}src/runtime/runtimes/registry.ts`)}); console.log(JSON.stringify(await findRuntime('python3.12').detect()));`;
    const r = await execa(process.execPath, ['--input-type=module', '-e', script], { env, cwd: folder });
    return JSON.parse(r.stdout) as { command: string; version: string };
  };
  const probes = () => readFileSync(calls, 'utf8').split('\n').filter(Boolean).length;

  it('runs once: the next process reuses the answer while the shim is the same file', async () => {
    const first = await detect();
    expect(first.command).toBe(realPython());
    expect(probes()).toBe(1);
    expect(await detect()).toEqual(first);
    expect(probes()).toBe(1);
  });

  it('runs again when the binary on PATH changes', async () => {
    await detect();
    const before = probes();
    appendFileSync(shim, '# another version\n');
    expect((await detect()).command).toBe(realPython());
    expect(probes()).toBe(before + 1);
    await detect();
    expect(probes()).toBe(before + 1);
  });
});
