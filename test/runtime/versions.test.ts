// Versions freeze code and configuration; aliases point at versions and can split traffic.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseVersion } from '../../src/runtime/registry/aliases.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { json, useService } from '../support/service.ts';

const node = runtimesUnderTest[0]!.runtime;
const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

/** A function whose answer shows its code revision, configuration and context. */
function code(revision: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'dojo-versions-test-'));
  folders.push(folder);
  writeFileSync(
    join(folder, 'index.mjs'),
    `export const handler = async (event, context) => ({ revision: '${revision}', greeting: process.env.GREETING, version: context.functionVersion, arn: context.invokedFunctionArn, envVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION, stream: context.logStreamName });\n`,
  );
  return folder;
}

let n = 0;

describe('versions and aliases', () => {
  const service = useService();
  const create = async () => {
    const FunctionName = `versions-${++n}`;
    await service().createFunction({ FunctionName, Runtime: node, Handler: 'index.handler', Code: { Directory: code('one') }, Environment: { Variables: { GREETING: 'hello' } } });
    return FunctionName;
  };

  it('publishes an immutable snapshot of code and configuration, numbered from 1', async () => {
    const name = await create();
    const v1 = await service().publishVersion(name, { Description: 'first' });
    expect(v1).toMatchObject({ Version: '1', FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}:1`, Description: 'first' });
    await service().updateFunctionCode(name, { Directory: code('two') });
    await service().updateFunctionConfiguration(name, { Environment: { Variables: { GREETING: 'bonjour' } }, MemorySize: 256 });

    const old = await service().invoke({ FunctionName: name, Qualifier: '1' });
    expect(json(old.Payload)).toMatchObject({ revision: 'one', greeting: 'hello', version: '1', envVersion: '1', arn: `arn:aws:lambda:us-east-1:123456789012:function:${name}:1` });
    expect(json(old.Payload).stream).toMatch(/\/\[1\][0-9a-f]{32}$/);
    expect(old.ExecutedVersion).toBe('1');
    expect(old.Logs.find((l) => l.startsWith('START'))).toBe(`START RequestId: ${old.RequestId} Version: 1`);
    expect(old.Report.memorySizeMB).toBe(128);
    expect(service().getFunctionConfiguration(name, '1')).toMatchObject({ MemorySize: 128, Environment: { Variables: { GREETING: 'hello' } } });
    // As Lambda's API takes it: an ARN with its qualifier (an authorizer's FunctionArn, an Edge association).
    expect(service().getFunctionConfiguration(`arn:aws:lambda:us-east-1:123456789012:function:${name}:1`)).toMatchObject({ Version: '1', MemorySize: 128 });

    const latest = await service().invoke({ FunctionName: name });
    expect(json(latest.Payload)).toMatchObject({ revision: 'two', greeting: 'bonjour', version: '$LATEST', arn: `arn:aws:lambda:us-east-1:123456789012:function:${name}` });
    expect(latest.ExecutedVersion).toBe('$LATEST');
    expect(latest.Report.memorySizeMB).toBe(256);
  });

  it('publishes no new version when nothing changed, and the next number when something did', async () => {
    const name = await create();
    expect((await service().publishVersion(name)).Version).toBe('1');
    expect((await service().publishVersion(name)).Version).toBe('1');
    await service().updateFunctionConfiguration(name, { Timeout: 10 });
    expect((await service().publishVersion(name)).Version).toBe('2');
    expect(service().listVersionsByFunction(name).map((v) => v.Version)).toEqual(['$LATEST', '1', '2']);
  });

  it('invokes by name:version, by qualified ARN and by alias, and the function sees what was called', async () => {
    const name = await create();
    await service().publishVersion(name);
    const alias = service().createAlias(name, { Name: 'live', FunctionVersion: '1' });
    expect(alias.AliasArn).toBe(`arn:aws:lambda:us-east-1:123456789012:function:${name}:live`);
    const byName = await service().invoke({ FunctionName: `${name}:1` });
    expect(json(byName.Payload).version).toBe('1');
    const byArn = await service().invoke({ FunctionName: `arn:aws:lambda:us-east-1:123456789012:function:${name}:live` });
    expect(json(byArn.Payload)).toMatchObject({ version: '1', arn: alias.AliasArn });
    expect(byArn.ExecutedVersion).toBe('1');
    await service().updateFunctionCode(name, { Directory: code('two') });
    await service().publishVersion(name);
    service().updateAlias(name, 'live', { FunctionVersion: '2' });
    expect(json((await service().invoke({ FunctionName: name, Qualifier: 'live' })).Payload)).toMatchObject({ revision: 'two', version: '2' });
  });

  it('routes a weighted share of an alias\'s invocations to a second version', async () => {
    const name = await create();
    await service().publishVersion(name);
    await service().updateFunctionCode(name, { Directory: code('two') });
    await service().publishVersion(name);
    service().createAlias(name, { Name: 'canary', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.3 } } });
    const executed: string[] = [];
    for (let i = 0; i < 200; i++) executed.push((await service().invoke({ FunctionName: name, Qualifier: 'canary' })).ExecutedVersion);
    const toTwo = executed.filter((v) => v === '2').length;
    // Binomial(200, 0.3): mean 60, standard deviation 6.5; this band is over four deviations wide.
    expect(toTwo).toBeGreaterThan(30);
    expect(toTwo).toBeLessThan(90);
    expect(executed.filter((v) => v === '1').length).toBe(200 - toTwo);
  });

  it('chooses the extra version exactly when the draw falls under its weight', () => {
    const alias = { AliasArn: '', Name: 'a', FunctionVersion: '1', Description: '', RoutingConfig: { AdditionalVersionWeights: { '2': 0.25 } } };
    expect(chooseVersion(alias, () => 0.2)).toBe('2');
    expect(chooseVersion(alias, () => 0.25)).toBe('1');
    expect(chooseVersion({ ...alias, RoutingConfig: undefined } as never, () => 0)).toBe('1');
  });

  it.each([
    [{ Name: '42', FunctionVersion: '1' }, 'ValidationException', /Value '42' at 'name'.*not a number/],
    [{ Name: 'live', FunctionVersion: '7' }, 'ResourceNotFoundException', /Function not found: .*:7\. Publish the version first/],
    [{ Name: 'live', FunctionVersion: 'one' }, 'InvalidParameterValueException', /FunctionVersion 'one' is not a version/],
    [{ Name: 'live', FunctionVersion: '$LATEST', RoutingConfig: { AdditionalVersionWeights: { '1': 0.5 } } }, 'InvalidParameterValueException', /must point at a published version, not \$LATEST/],
    [{ Name: 'live', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '1': 0.5 } } }, 'InvalidParameterValueException', /already the alias's main version/],
    [{ Name: 'live', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 1.5 } } }, 'InvalidParameterValueException', /weight 1.5 for version 2 is not between 0.0 and 1.0/],
    [{ Name: 'live', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.1, '3': 0.1 } } }, 'InvalidParameterValueException', /one additional version only/],
  ])('refuses the alias %j', async (input, type, message) => {
    const name = await create();
    await service().publishVersion(name);
    await service().updateFunctionConfiguration(name, { Timeout: 5 });
    await service().publishVersion(name);
    expect(() => service().createAlias(name, input as never)).toThrow(expect.objectContaining({ name: type, message: expect.stringMatching(message) }));
  });

  it('refuses a second alias of the same name and unknown qualifiers', async () => {
    const name = await create();
    service().createAlias(name, { Name: 'live', FunctionVersion: '$LATEST' });
    expect(() => service().createAlias(name, { Name: 'live', FunctionVersion: '$LATEST' })).toThrow(expect.objectContaining({ name: 'ResourceConflictException' }));
    await expect(service().invoke({ FunctionName: name, Qualifier: 'prod' })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: expect.stringContaining(`Function not found: arn:aws:lambda:us-east-1:123456789012:function:${name}:prod. ${name} has $LATEST, live`),
    });
    service().deleteAlias(name, 'live');
    expect(() => service().getAlias(name, 'live')).toThrow(expect.objectContaining({ name: 'ResourceNotFoundException' }));
  });
});
