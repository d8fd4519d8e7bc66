// The grader deploys what the learner wrote: code, function.json settings, layers beside the
// code; and lets checks publish versions and move aliases, as a Lambda user can.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/grader/catalogue.ts';
import { EmbeddedTarget } from '../../src/grader/embedded-target.ts';
import { gradeLab } from '../../src/grader/grade.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { fixtures, useService } from '../support/service.ts';

const labs = await loadCatalogue(fileURLToPath(new URL('../fixtures/labs/', import.meta.url)));
const layersLab = labs.find((l) => l.number === 91)!;
const node = runtimesUnderTest[0]!.runtime;

describe('grader deployment', () => {
  const service = useService();

  it('publishes the layer folders function.json lists and deploys the function folder beside them', async () => {
    const grade = (kind: string) => gradeLab({ service: service(), lab: layersLab.lab, language: 'nodejs', runtime: node, codeFolder: `${layersLab.folder}/${kind}/nodejs` });
    const starter = await grade('starter');
    expect(starter.checks[0]).toMatchObject({ status: 'failed', expected: { word: 'layered' }, actual: { word: 'missing' } });
    const solution = await grade('solution');
    expect(solution.status).toBe('passed');
  });

  it('lets a check publish versions and route an alias between them', async () => {
    await service().createFunction({ FunctionName: 'target-versions', Runtime: node, Handler: 'context.handler', Code: { Directory: fixtures('nodejs') }, Environment: { Variables: { GREETING: 'one' } } });
    const target = new EmbeddedTarget(service(), 'target-versions');
    expect(await target.publishVersion('first')).toBe('1');
    await target.updateConfiguration({ environment: { GREETING: 'two' } });
    expect(await target.publishVersion()).toBe('2');
    await target.putAlias({ name: 'live', functionVersion: '1' });
    const live = await target.invoke({ qualifier: 'live' });
    expect(live.executedVersion).toBe('1');
    expect(JSON.parse(live.payload).env.GREETING).toBe('one');
    await target.putAlias({ name: 'live', functionVersion: '2' });
    expect((await target.invoke({ qualifier: 'live' })).executedVersion).toBe('2');
    await target.putAlias({ name: 'live', functionVersion: '1', routing: { version: '2', weight: 1 } });
    expect((await target.invoke({ qualifier: 'live' })).executedVersion).toBe('2');
  });
});
