// Go functions build as `go build` in the learner's folder would: against AWS's own
// github.com/aws/aws-lambda-go from the module proxy, with one Go build cache for every build,
// offline once the modules are cached, and with one clear message when they are not.

import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CodeBuildError } from '../../src/runtime/errors.ts';
import { LambdaService } from '../../src/runtime/service.ts';
import { awsLambdaGoVersion } from '../../src/runtime/runtimes/provided/go-build.ts';
import { cli } from '../support/cli.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';

const go = runtimesUnderTest.find((r) => r.family === 'go');
const scratch = mkdtempSync(join(tmpdir(), 'dojo-go-build-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file below a folder, recursively. */
function filesUnder(folder: string): number {
  if (!existsSync(folder)) return 0;
  return readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

describe.runIf(go)('building a Go function', () => {
  // GOPROXY=off, or a proxy that cannot be reached (a closed port stands for no network).
  for (const [what, proxy] of [['GOPROXY=off', 'off'], ['no network', 'http://127.0.0.1:9']] as const) {
    it(`${what}, with an empty module cache: one message naming go mod download, the module and the missing aws-lambda-go; no build cached`, async () => {
      const builds = join(scratch, `builds-${proxy === 'off' ? 'off' : 'unreachable'}`);
      const modules = join(scratch, `empty-module-cache-${proxy === 'off' ? 'off' : 'unreachable'}`);
      const r = await cli(['invoke', go!.fixture('echo').code, '--runtime', go!.runtime, '--handler', 'bootstrap'], {
        env: { ...process.env, LAMBDA_DOJO_BUILD_CACHE: builds, GOMODCACHE: modules, GOPROXY: proxy, GOFLAGS: '' } as Record<string, string>,
      });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`Go could not get the module github.com/aws/aws-lambda-go@${awsLambdaGoVersion}: it is not in the module cache (${modules})`);
      expect(r.stderr).toContain('Run go mod download in the function\'s code folder (the one with go.mod, module example.com/fixtures/echo)');
      // Nothing half-built is kept: the next attempt, online, builds from scratch.
      expect(existsSync(builds) ? readdirSync(builds).filter((name) => name.startsWith(go!.runtime)) : []).toEqual([]);
    });
  }

  it('refuses a folder without go.mod with the command that makes one', async () => {
    const folder = mkdtempSync(join(scratch, 'no-go-mod-'));
    cpSync(join(go!.fixture('echo').code, 'main.go'), join(folder, 'main.go'));
    const service = new LambdaService({ buildCacheDir: join(scratch, 'builds-no-go-mod') });
    try {
      const refused = await service.createFunction({ FunctionName: 'no-go-mod', Runtime: go!.runtime, Handler: 'bootstrap', Code: { Directory: folder } }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(CodeBuildError);
      expect((refused as Error).message).toContain('go mod init example.com/function && go mod tidy');
    } finally {
      await service.shutdown();
    }
  });

  it('refuses a go.mod that needs a newer Go than this machine has, naming both versions and where to get Go', async () => {
    const folder = mkdtempSync(join(scratch, 'newer-go-'));
    cpSync(go!.fixture('echo').code, folder, { recursive: true });
    writeFileSync(join(folder, 'go.mod'), 'module example.com/future\n\ngo 1.99\n\nrequire github.com/aws/aws-lambda-go v1.55.1\n');
    const service = new LambdaService({ buildCacheDir: join(scratch, 'builds-newer-go') });
    try {
      const refused = await service.createFunction({ FunctionName: 'newer-go', Runtime: go!.runtime, Handler: 'bootstrap', Code: { Directory: folder } }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(CodeBuildError);
      expect((refused as Error).message).toMatch(/^go\.mod requires Go 1\.99 or newer, and this machine has Go \d+\.\d+(\.\d+)?\. Install Go 1\.26 or newer from https:\/\/go\.dev\/dl\//);
    } finally {
      await service.shutdown();
    }
  });

  it('shares one Go build cache between functions of different services: the second build compiles only its own package', async () => {
    // A cache of this test's own, so builds elsewhere cannot add to what it counts.
    const goCache = join(scratch, 'go-cache');
    const before = process.env.LAMBDA_DOJO_GO_CACHE;
    process.env.LAMBDA_DOJO_GO_CACHE = goCache;
    const program = (text: string) => {
      const folder = mkdtempSync(join(scratch, 'program-'));
      writeFileSync(join(folder, 'go.mod'), 'module example.com/program\n\ngo 1.26\n');
      writeFileSync(join(folder, 'main.go'), `package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(${JSON.stringify(text)}) }\n`);
      return folder;
    };
    const first = new LambdaService({ buildCacheDir: join(scratch, 'builds-first') });
    const second = new LambdaService({ buildCacheDir: join(scratch, 'builds-second') });
    try {
      await first.createFunction({ FunctionName: 'one', Runtime: go!.runtime, Handler: 'bootstrap', Code: { Directory: program('one') } });
      const afterFirst = filesUnder(goCache);
      // The first build compiled the standard library (the runtime, fmt, os, ...) into the shared cache.
      expect(afterFirst).toBeGreaterThan(200);
      await second.createFunction({ FunctionName: 'two', Runtime: go!.runtime, Handler: 'bootstrap', Code: { Directory: program('two') } });
      // The second added its main package and its link, not a second standard library.
      expect(filesUnder(goCache) - afterFirst).toBeLessThan(20);
      expect(filesUnder(join(scratch, 'builds-second'))).toBeGreaterThan(0);
    } finally {
      if (before === undefined) delete process.env.LAMBDA_DOJO_GO_CACHE;
      else process.env.LAMBDA_DOJO_GO_CACHE = before;
      await Promise.all([first.shutdown(), second.shutdown()]);
    }
  }, 240_000);
});
