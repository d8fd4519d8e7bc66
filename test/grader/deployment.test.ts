// The grader deploys what the learner wrote: code, function.json settings, layers beside the
// code; and lets checks publish versions and move aliases, as a Lambda user can.

import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/grader/catalogue.ts';
import { deployLab } from '../../src/grader/deployment.ts';
import { EmbeddedTarget } from '../../src/grader/embedded-target.ts';
import { gradeLab } from '../../src/grader/grade.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { fixtures } from '../support/service.ts';
import { useEmbeddedTarget } from '../support/target.ts';

const labs = await loadCatalogue(fileURLToPath(new URL('../fixtures/labs/', import.meta.url)));
const layersLab = labs.find((l) => l.number === 91)!;
const node = runtimesUnderTest[0]!.runtime;

describe('grader deployment', () => {
  const target = useEmbeddedTarget();
  const service = () => target().service;

  it('publishes the layer folders function.json lists and deploys the function folder beside them', async () => {
    const grade = (kind: string) => gradeLab({ target: target(), lab: layersLab.lab, language: 'nodejs', runtime: node, codeFolder: `${layersLab.folder}/${kind}/nodejs` });
    const starter = await grade('starter');
    expect(starter.checks[0]).toMatchObject({ status: 'failed', expected: { word: 'layered' }, actual: { word: 'missing' } });
    const solution = await grade('solution');
    expect(solution.status).toBe('passed');
  });

  it('lets a check publish versions and route an alias between them', async () => {
    await service().createFunction({ FunctionName: 'target-versions', Runtime: node, Handler: 'context.handler', Code: { Directory: fixtures('nodejs') }, Environment: { Variables: { GREETING: 'one' } } });
    const fn = new EmbeddedTarget(service(), 'target-versions');
    expect(await fn.publishVersion('first')).toBe('1');
    await fn.updateConfiguration({ environment: { GREETING: 'two' } });
    expect(await fn.publishVersion()).toBe('2');
    await fn.putAlias({ name: 'live', functionVersion: '1' });
    const live = await fn.invoke({ qualifier: 'live' });
    expect(live.executedVersion).toBe('1');
    expect(JSON.parse(live.payload).env.GREETING).toBe('one');
    await fn.putAlias({ name: 'live', functionVersion: '2' });
    expect((await fn.invoke({ qualifier: 'live' })).executedVersion).toBe('2');
    await fn.putAlias({ name: 'live', functionVersion: '1', routing: { version: '2', weight: 1 } });
    expect((await fn.invoke({ qualifier: 'live' })).executedVersion).toBe('2');
  });
});

const java = runtimesUnderTest.find((r) => r.family === 'java');

describe.runIf(java)('a layer that carries a Java library as source', () => {
  const target = useEmbeddedTarget();
  const service = () => target().service;
  const cache = mkdtempSync(join(tmpdir(), 'dojo-layer-cache-'));
  const previous = process.env.LAMBDA_DOJO_BUILD_CACHE;
  process.env.LAMBDA_DOJO_BUILD_CACHE = cache;
  afterAll(() => {
    if (previous === undefined) delete process.env.LAMBDA_DOJO_BUILD_CACHE;
    else process.env.LAMBDA_DOJO_BUILD_CACHE = previous;
    rmSync(cache, { recursive: true, force: true });
  });
  const jars = () => readdirSync(cache).filter((n) => /^javalayer-[0-9a-f]{64}$/.test(n));

  it('is compiled once into the build cache, and again only when its sources change', async () => {
    const catalogue = await loadCatalogue(fileURLToPath(new URL('../../labs/', import.meta.url)));
    const { lab, folder } = catalogue.find((l) => l.number === 6)!;
    const code = mkdtempSync(join(cache, 'code-'));
    cpSync(join(folder, 'solution', 'java'), code, { recursive: true });
    await deployLab(target(), lab, 'java', java!.runtime, code, 'layer-jar-1');
    expect(jars()).toHaveLength(1);
    const marker = join(cache, `${jars()[0]}.used`);
    const longAgo = new Date(Date.now() - 3_600_000);
    utimesSync(marker, longAgo, longAgo);

    await deployLab(target(), lab, 'java', java!.runtime, code, 'layer-jar-2');
    expect(jars()).toHaveLength(1);
    expect(statSync(marker).mtimeMs).toBeGreaterThan(longAgo.getTime() + 60_000); // found in the cache and marked used

    const source = readdirSync(code, { recursive: true, encoding: 'utf8' }).find((f) => f.includes('jar-src') && f.endsWith('.java'))!;
    appendFileSync(join(code, source), '\n// a change to the library\n');
    await deployLab(target(), lab, 'java', java!.runtime, code, 'layer-jar-3');
    expect(jars()).toHaveLength(2);
  });
});
