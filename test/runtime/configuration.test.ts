// Every configuration value outside Lambda's quotas is refused with the AWS error name and a
// message naming the value, the rule and what is allowed.

import { describe, expect, it } from 'vitest';
import { limits } from '../../src/runtime/limits.ts';
import { fixtures, useService } from '../support/service.ts';

const base = { FunctionName: 'config-test', Runtime: 'nodejs22.x', Handler: 'echo.handler', Code: { Directory: fixtures('nodejs') } };

describe('function configuration', () => {
  const service = useService();
  let n = 0;
  const create = (changes: object) => service().createFunction({ ...base, FunctionName: `config-test-${++n}`, ...changes } as never);

  it('applies Lambda\'s defaults: 128 MB, 3 s, 512 MB of /tmp', async () => {
    const config = await create({});
    expect(config.MemorySize).toBe(limits.memorySize.default);
    expect(config.Timeout).toBe(limits.timeout.default);
    expect(config.EphemeralStorage.Size).toBe(limits.ephemeralStorage.default);
    expect(config.FunctionArn).toMatch(/^arn:aws:lambda:us-east-1:123456789012:function:config-test-\d+$/);
    expect(config.CodeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('accepts any whole number of MB from 128 to 10240', async () => {
    expect((await create({ MemorySize: 128 })).MemorySize).toBe(128);
    expect((await create({ MemorySize: 1769 })).MemorySize).toBe(1769);
    expect((await create({ MemorySize: 10_240 })).MemorySize).toBe(10_240);
  });

  it.each([
    [{ MemorySize: 127 }, 'ValidationException', /Value '127' at 'memorySize'.*greater than or equal to 128.*from 128 to 10240 MB \(default 128\)/],
    [{ MemorySize: 10_241 }, 'ValidationException', /Value '10241' at 'memorySize'.*less than or equal to 10240/],
    [{ MemorySize: 256.5 }, 'ValidationException', /Value '256.5' at 'memorySize'.*whole number/],
    [{ Timeout: 0 }, 'ValidationException', /Value '0' at 'timeout'.*greater than or equal to 1.*from 1 to 900 s \(default 3\)/],
    [{ Timeout: 901 }, 'ValidationException', /Value '901' at 'timeout'.*less than or equal to 900/],
    [{ EphemeralStorage: { Size: 511 } }, 'ValidationException', /Value '511' at 'ephemeralStorage.size'.*from 512 to 10240 MB/],
    [{ EphemeralStorage: { Size: 10_241 } }, 'ValidationException', /Value '10241' at 'ephemeralStorage.size'/],
    [{ FunctionName: 'has space' }, 'ValidationException', /Value 'has space' at 'functionName'.*letters, digits, hyphens/],
    [{ FunctionName: 'x'.repeat(65) }, 'ValidationException', /at 'functionName'.*length less than or equal to 64/],
    [{ FunctionName: '' }, 'ValidationException', /at 'functionName'.*must not be null/],
    [{ Handler: 'index. handler' }, 'ValidationException', /Value 'index. handler' at 'handler'.*Remove the whitespace/],
    [{ Handler: `a.${'b'.repeat(127)}` }, 'ValidationException', /at 'handler'.*length less than or equal to 128/],
    [{ Runtime: 'python2.7' }, 'InvalidParameterValueException', /The runtime parameter of python2.7 is not supported here\. Use one of: nodejs20.x, .*python3.13/],
    [{ Environment: { Variables: { AWS_REGION: 'eu-west-1' } } }, 'InvalidParameterValueException', /Reserved keys used in this request: AWS_REGION\./],
    [{ Environment: { Variables: { '1ABC': 'x' } } }, 'InvalidParameterValueException', /key '1ABC' is not valid: a key starts with a letter/],
    [{ Environment: { Variables: { A: 'x' } } }, 'InvalidParameterValueException', /key 'A' is not valid.*at least 2 characters/],
    [{ Environment: { Variables: { PORT: 8080 } } }, 'InvalidParameterValueException', /PORT has the value 8080; values must be strings/],
    [{ Environment: { Variables: { BIG: 'x'.repeat(4096) } } }, 'InvalidParameterValueException', /exceeded the 4KB limit\. Measured 4106 bytes of 4096 allowed/],
    [{ Code: { Directory: '/no/such/folder' } }, 'InvalidParameterValueException', /Code.Directory '\/no\/such\/folder' does not exist/],
  ])('refuses %j', async (changes, type, message) => {
    await expect(create(changes)).rejects.toMatchObject({ name: type, message: expect.stringMatching(message) });
  });

  it('counts keys and values together against the 4 KB limit, as JSON', async () => {
    // {"BIG":"..."} is 10 bytes of JSON around the value: 4086 characters fill exactly 4096.
    expect((await create({ Environment: { Variables: { BIG: 'x'.repeat(4086) } } })).Environment.Variables.BIG).toHaveLength(4086);
    await expect(create({ Environment: { Variables: { BIG: 'x'.repeat(4087) } } })).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
  });

  it('refuses a second function of the same name and unknown functions', async () => {
    await create({ FunctionName: 'twice' }).catch(() => undefined);
    await expect(service().createFunction({ ...base, FunctionName: 'twice' })).rejects.toMatchObject({ name: 'ResourceConflictException' });
    await expect(service().invoke({ FunctionName: 'nobody-here' })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: expect.stringContaining('Function not found: arn:aws:lambda:us-east-1:123456789012:function:nobody-here'),
    });
  });

  it('validates updates the same way and keeps the old configuration when refused', async () => {
    const config = await create({ MemorySize: 512 });
    await expect(service().updateFunctionConfiguration(config.FunctionName, { Timeout: 1000 })).rejects.toMatchObject({ name: 'ValidationException' });
    expect(service().getFunctionConfiguration(config.FunctionName).Timeout).toBe(3);
    const updated = await service().updateFunctionConfiguration(config.FunctionName, { Timeout: 10 });
    expect(updated).toMatchObject({ Timeout: 10, MemorySize: 512 });
  });

  it('refuses an event that is not JSON, and an unknown invocation type', async () => {
    const { FunctionName } = await create({});
    await expect(service().invoke({ FunctionName, Payload: '{not json' })).rejects.toMatchObject({
      name: 'InvalidRequestContentException',
      message: expect.stringContaining('Could not parse request body into json'),
    });
    await expect(service().invoke({ FunctionName, InvocationType: 'Later' as never })).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
  });
});
