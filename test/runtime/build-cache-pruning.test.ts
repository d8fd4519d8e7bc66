// The build cache keeps a bounded size: least recently used builds go first, and a build used
// lately (another process may be running it) is never removed. With real processes beside each
// other: build-cache-sharing.test.ts.

import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCacheLimits, buildOnce, pruneBuilds } from '../../src/runtime/registry/build-cache.ts';
import { findRuntime } from '../../src/runtime/runtimes/registry.ts';
import { fixtures } from '../support/fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'dojo-build-prune-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const minute = 60_000;
let caches = 0;
const newCache = () => {
  const folder = join(root, `cache-${++caches}`);
  mkdirSync(folder);
  return folder;
};
const key = (n: number) => n.toString(16).padStart(64, '0');

/** A build folder holding `bytes` bytes, last used `minutesAgo`, marked as the cache marks it. */
function fakeBuild(cache: string, n: number, minutesAgo: number, bytes = 100, marked = true): string {
  const folder = join(cache, `java17-${key(n)}`);
  mkdirSync(folder);
  writeFileSync(join(folder, 'Handler.class'), Buffer.alloc(bytes));
  const when = new Date(Date.now() - minutesAgo * minute);
  if (marked) {
    writeFileSync(`${folder}.used`, String(bytes));
    utimesSync(`${folder}.used`, when, when);
  } else utimesSync(folder, when, when);
  return folder;
}

const limits = (over: Partial<ReturnType<typeof buildCacheLimits>>) => ({ maxBytes: 1e12, maxBuilds: 1000, minIdleMs: 10 * minute, ...over });
const buildsIn = (cache: string) => readdirSync(cache).filter((n) => /^java17-[0-9a-f]{64}$/.test(n)).sort();

describe('pruning the build cache', () => {
  it('removes the least recently used builds beyond the count limit, with their marks', () => {
    const cache = newCache();
    const ages = [60, 20, 50, 30, 40];
    const folders = ages.map((age, i) => fakeBuild(cache, i, age));
    const result = pruneBuilds(cache, limits({ maxBuilds: 3 }));
    expect(result.removed.sort()).toEqual([folders[0], folders[2]].sort());
    expect(buildsIn(cache)).toEqual([1, 3, 4].map((i) => `java17-${key(i)}`));
    expect(existsSync(`${folders[0]}.used`)).toBe(false);
    expect(result.builds).toBe(3);
  });

  it('removes least recently used builds until the total size fits', () => {
    const cache = newCache();
    const folders = [40, 30, 20, 15].map((age, i) => fakeBuild(cache, i, age, 1000));
    const result = pruneBuilds(cache, limits({ maxBytes: 2500 }));
    expect(result.removed.sort()).toEqual([folders[0], folders[1]].sort());
    expect(result.bytes).toBe(2000);
  });

  it('never removes a build used within the idle time, even over the limits', () => {
    const cache = newCache();
    [1, 2, 3].forEach((age, i) => fakeBuild(cache, i, age));
    expect(pruneBuilds(cache, limits({ maxBuilds: 1 })).removed).toEqual([]);
    expect(buildsIn(cache)).toHaveLength(3);
  });

  it('dates and sizes a build from before marks existed by its folder', () => {
    const cache = newCache();
    const old = fakeBuild(cache, 1, 90, 500, false);
    const recent = fakeBuild(cache, 2, 30, 500, false);
    expect(pruneBuilds(cache, limits({ maxBuilds: 1 })).removed).toEqual([old]);
    expect(readFileSync(`${recent}.used`, 'utf8')).toBe('500');
  });

  it('leaves what is not a build alone, and clears half-done builds a crashed process left', () => {
    const cache = newCache();
    const others = ['go-build-cache', 'java-runtime-17.0.15-12a6389e167f7d84', 'namespace-launcher-cc352c8fb86e4109'].map((n) => join(cache, n));
    const crashed = join(cache, `java17-${key(9)}.building-abc123`);
    const building = join(cache, `java17-${key(8)}.building-def456`);
    const longAgo = new Date(Date.now() - 5 * 60 * minute);
    for (const folder of [...others, crashed, building]) mkdirSync(folder);
    for (const folder of [...others, crashed]) utimesSync(folder, longAgo, longAgo);
    pruneBuilds(cache, limits({ maxBuilds: 1, maxBytes: 1, minIdleMs: 0 }));
    for (const folder of [...others, building]) expect(existsSync(folder)).toBe(true);
    expect(existsSync(crashed)).toBe(false);
  });

  it('refuses a limit that is not a number, naming the variable and the fix', () => {
    expect(() => buildCacheLimits({ LAMBDA_DOJO_BUILD_CACHE_MAX_MB: 'lots' })).toThrow('LAMBDA_DOJO_BUILD_CACHE_MAX_MB=lots is not allowed: it must be a number of at least 1. Unset it for the default (1024).');
    expect(buildCacheLimits({ LAMBDA_DOJO_BUILD_CACHE_MAX_BUILDS: '5', LAMBDA_DOJO_BUILD_CACHE_MIN_IDLE_MINUTES: '0.5' })).toMatchObject({ maxBuilds: 5, minIdleMs: 30_000 });
  });

  it('marks a build used each time it is reused', async () => {
    const cache = newCache();
    const runtime = findRuntime('provided.al2023')!;
    const toolchain = (await runtime.detect())!;
    const source = join(root, 'bootstrap-source');
    mkdirSync(source, { recursive: true });
    cpSync(join(fixtures('provided'), 'bootstrap'), join(source, 'bootstrap'));
    const folder = await buildOnce(cache, runtime, toolchain, source, key(1), 'handler', []);
    expect(Number(readFileSync(`${folder}.used`, 'utf8'))).toBe(statSync(join(source, 'bootstrap')).size);
    const longAgo = new Date(Date.now() - 60 * minute);
    utimesSync(`${folder}.used`, longAgo, longAgo);
    expect(await buildOnce(cache, runtime, toolchain, source, key(1), 'handler', [])).toBe(folder);
    expect(Date.now() - statSync(`${folder}.used`).mtimeMs).toBeLessThan(10 * minute);
  });
});
