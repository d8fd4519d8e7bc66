// One table decides every variable an environment gets (environments/variables.ts): the Region
// the service runs in, placeholder credentials an SDK finds as it finds a role's on Lambda, and
// the reserved names configuration refuses, derived from the same table.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { placeholderCredentials, reservedEnvironmentKeys, variableTable } from '../../src/runtime/environments/variables.ts';
import { reservedEnvironmentKeys as reservedInLimits } from '../../src/runtime/limits.ts';
import { LambdaService } from '../../src/runtime/service.ts';
import { json } from '../support/service.ts';

const service = new LambdaService({ region: 'eu-west-1' });
const code = mkdtempSync(join(tmpdir(), 'dojo-variables-'));
afterAll(async () => {
  await service.shutdown();
  rmSync(code, { recursive: true, force: true });
});

describe('the variables of an environment', () => {
  it('give AWS_REGION the Region the service runs in, the same one invokedFunctionArn names', async () => {
    writeFileSync(join(code, 'index.mjs'), 'export const handler = async (event, context) => ({ arn: context.invokedFunctionArn, region: process.env.AWS_REGION, defaultRegion: process.env.AWS_DEFAULT_REGION, key: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY, token: process.env.AWS_SESSION_TOKEN });\n');
    await service.createFunction({ FunctionName: 'where-am-i', Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { Directory: code } });
    const seen = json((await service.invoke({ FunctionName: 'where-am-i' })).Payload);
    expect(seen.arn).toMatch(/^arn:aws:lambda:eu-west-1:/);
    expect(seen.region).toBe('eu-west-1');
    expect(seen.defaultRegion).toBe('eu-west-1');
    expect([seen.key, seen.secret, seen.token]).toEqual([placeholderCredentials.accessKeyId, placeholderCredentials.secretAccessKey, placeholderCredentials.sessionToken]);
  });

  it('refuses in configuration exactly the reserved names of the table, the ones limits.ts and the lessons show', async () => {
    expect(reservedInLimits).toEqual(reservedEnvironmentKeys);
    expect(reservedEnvironmentKeys).toEqual(variableTable().filter((row) => row.reserved).map((row) => row.name));
    for (const key of ['AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SESSION_TOKEN', '_HANDLER']) {
      await expect(service.updateFunctionConfiguration('where-am-i', { Environment: { Variables: { [key]: 'x' } } })).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    }
    // TZ and LANG are Lambda's defaults, not reserved: a function may set them.
    await service.updateFunctionConfiguration('where-am-i', { Environment: { Variables: { TZ: 'Europe/Paris' } } });
  });
});
