// Compiled languages build once per distinct source: grading again without a change does not
// compile again, and a change does.

import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { useService } from '../support/service.ts';

const java = runtimesUnderTest.find((r) => r.family === 'java');
const cache = mkdtempSync(join(tmpdir(), 'dojo-build-cache-test-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe.runIf(java)('the build cache', () => {
  const service = useService({ buildCacheDir: cache });
  const builds = () => readdirSync(cache).filter((name) => /^java\d+-[0-9a-f]{64}$/.test(name));

  it('compiles a source once, and again only when it changes', async () => {
    const { code, handler } = java!.fixture('echo');
    const source = mkdtempSync(join(cache, 'source-'));
    cpSync(code, source, { recursive: true });
    await service().createFunction({ FunctionName: 'cache-a', Runtime: java!.runtime, Handler: handler, Code: { Directory: source } });
    expect(builds()).toHaveLength(1);
    const built = join(cache, builds()[0]!);
    const firstBuild = statSync(built).mtimeMs;

    await service().createFunction({ FunctionName: 'cache-b', Runtime: java!.runtime, Handler: handler, Code: { Directory: source } });
    expect(builds()).toHaveLength(1);
    expect(statSync(built).mtimeMs).toBe(firstBuild);

    writeFileSync(join(source, 'NOTES.txt'), 'a change to the package\n');
    await service().updateFunctionCode('cache-b', { Directory: source });
    expect(builds()).toHaveLength(2);
    expect((await service().invoke({ FunctionName: 'cache-b', Payload: { still: 'works' } })).FunctionError).toBeUndefined();
  });
});

const go = runtimesUnderTest.find((r) => r.family === 'go');

describe.runIf(go)('a Go package', () => {
  const service = useService({ buildCacheDir: cache });

  it('keeps the files packed beside the Go code, as a .zip on Lambda does', async () => {
    const folder = mkdtempSync(join(cache, 'go-files-'));
    cpSync(join(go!.fixture('echo').code, 'go.mod'), join(folder, 'go.mod'));
    cpSync(join(go!.fixture('echo').code, 'go.sum'), join(folder, 'go.sum'));
    writeFileSync(
      join(folder, 'main.go'),
      'package main\n\nimport (\n\t"os"\n\t"path/filepath"\n\n\t"github.com/aws/aws-lambda-go/lambda"\n)\n\nfunc handler() (string, error) {\n\tdata, err := os.ReadFile(filepath.Join(os.Getenv("LAMBDA_TASK_ROOT"), "templates", "greeting.txt"))\n\treturn string(data), err\n}\n\nfunc main() { lambda.Start(handler) }\n',
    );
    const templates = join(folder, 'templates');
    mkdirSync(templates);
    writeFileSync(join(templates, 'greeting.txt'), 'hello from a packed file');
    await service().createFunction({ FunctionName: 'go-files', Runtime: go!.runtime, Handler: 'bootstrap', Code: { Directory: folder } });
    const out = await service().invoke({ FunctionName: 'go-files' });
    expect(JSON.parse(out.Payload.toString())).toBe('hello from a packed file');
  });
});
