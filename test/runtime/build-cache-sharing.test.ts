// Several processes share one build cache: a build a running service holds is never pruned by
// another, however long ago it was built, and goes once that service is gone.

import { execa } from 'execa';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/cli.ts';
import { fixtures } from '../support/fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'dojo-build-sharing-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('pruning beside other processes', () => {
  // Three real processes share one cache limited to one build, with 6 s of idle time.
  const cache = join(root, 'shared-cache');
  const env = { LAMBDA_DOJO_BUILD_CACHE: cache, LAMBDA_DOJO_BUILD_CACHE_MAX_BUILDS: '1', LAMBDA_DOJO_BUILD_CACHE_MIN_IDLE_MINUTES: '0.1' };
  const source = (name: string) => {
    const folder = join(root, `source-${name}`);
    mkdirSync(folder, { recursive: true });
    cpSync(join(fixtures('provided'), 'bootstrap'), join(folder, 'bootstrap'));
    writeFileSync(join(folder, 'VERSION'), name);
    return folder;
  };
  /** A service that deploys the code in `folder` and, told to, stays up until its stdin closes. */
  const service = (folder: string, stay: boolean) => {
    const script = `
      const { LambdaService } = await import(${JSON.stringify(`${projectRoot}src/runtime/service.ts`)});
      const service = new LambdaService();
      await service.createFunction({ FunctionName: 'f', Runtime: 'provided.al2023', Handler: 'h', Code: { Directory: ${JSON.stringify(folder)} } });
      console.log('deployed');
      if (${stay}) await new Promise((resolve) => { process.stdin.on('end', resolve); process.stdin.resume(); });
      await service.shutdown();`;
    return execa(process.execPath, ['--input-type=module', '-e', script], { env, stdin: 'pipe', timeout: 60_000 });
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const builds = () => readdirSync(cache).filter((n) => /^provided\.al2023-[0-9a-f]{64}$/.test(n));

  it('keeps a build a running service holds past the idle time, and removes it once that service is gone', async () => {
    const holder = service(source('a'), true);
    await new Promise<void>((resolve) => holder.stdout!.on('data', (d: Buffer) => d.toString().includes('deployed') && resolve()));
    const [held] = builds();
    await sleep(7_000); // beyond the idle time: only the holder's renewed mark keeps the build
    await service(source('b'), false);
    expect(builds()).toContain(held);
    holder.stdin!.end();
    await holder;
    await sleep(7_000);
    await service(source('c'), false);
    expect(builds()).toHaveLength(1);
    expect(builds()).not.toContain(held);
  }, 60_000);
});
