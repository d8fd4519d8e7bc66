// function.json's "EventSourceMapping" (ParallelizationFactor, BatchSize): checked with an error
// that names the value, the rule and the fix; refused for a lab whose stack does not take it; and
// passed to the lab's stack template (LearnerParallelizationFactor, LearnerBatchSize), so the
// mapping the stack creates has the learner's scaling, or the template's defaults without it.

import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/grader/catalogue.ts';
import { deployLab, mappingSettings, readSettings, SettingsFileError } from '../../src/grader/deployment.ts';
import { runtimeFor } from '../../src/grader/languages.ts';
import { useEmbeddedTarget } from '../support/target.ts';

const catalogue = await loadCatalogue(fileURLToPath(new URL('../../labs/', import.meta.url)));
const lab1 = catalogue.find((e) => e.number === 1)!;
const lab18 = catalogue.find((e) => e.number === 18)!;
const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

/** A copy of lab 18's Node.js solution with the given function.json (none for undefined). */
function codeWith(settings: unknown): string {
  const folder = mkdtempSync(join(tmpdir(), 'mapping-settings-'));
  folders.push(folder);
  cpSync(join(lab18.folder, 'solution', 'nodejs'), folder, { recursive: true });
  rmSync(join(folder, 'function.json'), { force: true });
  if (settings !== undefined) writeFileSync(join(folder, 'function.json'), JSON.stringify(settings));
  return folder;
}

describe("function.json's EventSourceMapping", () => {
  it('accepts a factor of 1-10 and a batch size of 1-10000', () => {
    expect(readSettings(codeWith({ EventSourceMapping: { ParallelizationFactor: 10, BatchSize: 10000 } })).EventSourceMapping).toEqual({ ParallelizationFactor: 10, BatchSize: 10000 });
    expect(readSettings(codeWith({ EventSourceMapping: { ParallelizationFactor: 1 } })).EventSourceMapping).toEqual({ ParallelizationFactor: 1 });
  });

  it('refuses a value out of range, naming it, the rule and the fix', () => {
    const refused = (settings: unknown) => () => readSettings(codeWith(settings));
    expect(refused({ EventSourceMapping: { ParallelizationFactor: 11 } })).toThrow(SettingsFileError);
    expect(refused({ EventSourceMapping: { ParallelizationFactor: 11 } })).toThrow(/"EventSourceMapping"\."ParallelizationFactor" is 11, but it must be a whole number from 1 to 10: write, for example, "ParallelizationFactor": 5\./);
    expect(refused({ EventSourceMapping: { ParallelizationFactor: 2.5 } })).toThrow(/is 2\.5, but it must be a whole number from 1 to 10/);
    expect(refused({ EventSourceMapping: { BatchSize: 0 } })).toThrow(/"EventSourceMapping"\."BatchSize" is 0, but it must be a whole number from 1 to 10000: write, for example, "BatchSize": 100\./);
    expect(refused({ EventSourceMapping: { BatchSize: '100' } })).toThrow(/"BatchSize" is "100", but it must be a whole number/);
  });

  it('refuses what the learner may not set, and a value that is not an object', () => {
    expect(() => readSettings(codeWith({ EventSourceMapping: { MaximumRetryAttempts: 3 } }))).toThrow(/"EventSourceMapping" has "MaximumRetryAttempts", which the lab's mapping does not take from you\. Allowed: ParallelizationFactor, BatchSize\./);
    expect(() => readSettings(codeWith({ EventSourceMapping: 5 }))).toThrow(/"EventSourceMapping" is 5, but it must be an object such as \{"ParallelizationFactor": 5, "BatchSize": 100\}/);
  });

  it("is refused for a lab whose stack does not take it, so it never does nothing in silence", () => {
    const code = codeWith({ EventSourceMapping: { ParallelizationFactor: 5 } });
    expect(() => mappingSettings(lab1.lab, code)).toThrow(/sets "EventSourceMapping"\."ParallelizationFactor", but lab 1 has no event source mapping that takes it from you: remove it from function\.json\./);
    expect(mappingSettings(lab18.lab, code)).toEqual({ ParallelizationFactor: 5 });
  });

  const target = useEmbeddedTarget();

  const deployedMapping = async (settings: unknown, name: string) => {
    const { runtime } = await runtimeFor('nodejs');
    const deployment = await deployLab(target(), lab18.lab, 'nodejs', runtime, codeWith(settings), name);
    const lambda = new LambdaClient({ endpoint: deployment.needs.stack!.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    try {
      const { EventSourceMappings = [] } = await lambda.send(new ListEventSourceMappingsCommand({}));
      return EventSourceMappings.map((m) => ({ FunctionArn: m.FunctionArn, BatchSize: m.BatchSize, ParallelizationFactor: m.ParallelizationFactor }));
    } finally {
      lambda.destroy();
      expect(await deployment.teardown()).toEqual([]);
    }
  };

  it("reaches lab 18's stack template as LearnerParallelizationFactor and LearnerBatchSize", async () => {
    expect(await deployedMapping({ EventSourceMapping: { ParallelizationFactor: 3, BatchSize: 7 } }, 'mapping-settings-set')).toEqual([
      { FunctionArn: expect.stringMatching(/:function:mapping-settings-set$/), BatchSize: 7, ParallelizationFactor: 3 },
    ]);
  });

  it("leaves the template's defaults (factor 1, BatchSize 100) when function.json does not set them", async () => {
    expect(await deployedMapping(undefined, 'mapping-settings-default')).toEqual([
      { FunctionArn: expect.stringMatching(/:function:mapping-settings-default$/), BatchSize: 100, ParallelizationFactor: 1 },
    ]);
  });
});
