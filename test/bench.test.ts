// The benchmark keeps working (a few samples; no timing is asserted: numbers belong to npm run bench).

import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './support/cli.ts';
import { runtimesUnderTest } from './support/runtimes.ts';

describe('npm run bench', () => {
  it('measures every runtime this machine has against its baselines', async () => {
    const r = await execa(process.execPath, ['bench/run.ts'], { cwd: projectRoot, env: { BENCH_COLD: '2', BENCH_WARM: '5' }, reject: false, timeout: 300_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/loopback HTTP round trip \(keep-alive\): p50 +\d+\.\d\d ms/);
    expect(r.stdout).toContain('bare start    init p50    cold p50');
    for (const { runtime } of runtimesUnderTest) expect(r.stdout).toMatch(new RegExp(`^${runtime.replace('.', '\\.')} +\\d+\\.\\d\\d ms +\\d+\\.\\d\\d ms`, 'm'));
  }, 300_000);
});
