// KMS on the endpoint, with the real @aws-sdk/client-kms; and the SDKs Lambda's runtimes include
// (SDK v3 in Node.js, boto3 in Python) reaching it from inside a function through nothing but
// AWS_ENDPOINT_URL, as a function's SDK reaches AWS on Lambda.

import { DecryptCommand, DescribeKeyCommand, EncryptCommand, GenerateDataKeyCommand, GenerateRandomCommand, KMSClient } from '@aws-sdk/client-kms';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installedRuntimeSdk, runtimeSdkFor } from '../../src/runtime/runtimes/runtime-sdks.ts';
import { anyCredentials, useEndpoint } from '../support/endpoint.ts';
import { requireEverything } from '../support/requirements.ts';
import { fixtures, json } from '../support/service.ts';

const endpoint = useEndpoint();
const kms = () => new KMSClient({ endpoint: endpoint().url, region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 });
const nodeRuntime = `nodejs${process.versions.node.split('.')[0]}.x`;

describe('KMS on the endpoint with the real SDK client', () => {
  it('encrypts and decrypts, and a wrong encryption context is InvalidCiphertextException', async () => {
    const encrypted = await kms().send(new EncryptCommand({ KeyId: 'alias/any', Plaintext: Buffer.from('s3cret'), EncryptionContext: { app: 'dojo' } }));
    const decrypted = await kms().send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { app: 'dojo' } }));
    expect(Buffer.from(decrypted.Plaintext!).toString('utf8')).toBe('s3cret');
    expect(decrypted.KeyId).toMatch(/^arn:aws:kms:us-east-1:123456789012:key\//);
    const wrong = await kms().send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { app: 'other' } })).catch((e: Error) => e);
    expect((wrong as Error).name).toBe('InvalidCiphertextException');
  });

  it('generates a data key whose ciphertext decrypts to its plaintext', async () => {
    const key = await kms().send(new GenerateDataKeyCommand({ KeyId: 'alias/any', KeySpec: 'AES_256' }));
    expect(key.Plaintext).toHaveLength(32);
    const decrypted = await kms().send(new DecryptCommand({ CiphertextBlob: key.CiphertextBlob }));
    expect(Buffer.from(decrypted.Plaintext!).equals(Buffer.from(key.Plaintext!))).toBe(true);
    const noSpec = await kms().send(new GenerateDataKeyCommand({ KeyId: 'alias/any' })).catch((e: Error) => e);
    expect((noSpec as Error).name).toBe('ValidationException');
  });

  it('describes its one key and generates random bytes', async () => {
    const described = await kms().send(new DescribeKeyCommand({ KeyId: 'alias/any' }));
    expect(described.KeyMetadata).toMatchObject({ Enabled: true, KeyState: 'Enabled', KeyUsage: 'ENCRYPT_DECRYPT', AWSAccountId: '123456789012' });
    expect(described.KeyMetadata?.Arn).toMatch(/^arn:aws:kms:us-east-1:123456789012:key\//);
    expect((await kms().send(new GenerateRandomCommand({ NumberOfBytes: 16 }))).Plaintext).toHaveLength(16);
  });
});

describe('a function\'s own SDK reaches the endpoint through AWS_ENDPOINT_URL', () => {
  const cases = [
    { family: 'nodejs' as const, runtime: nodeRuntime, folder: 'kms-nodejs', handler: 'index.handler' },
    { family: 'python' as const, runtime: 'python3.12', folder: 'kms-python', handler: 'app.handler' },
  ];
  for (const c of cases) {
    const sdk = runtimeSdkFor(c.family)!;
    it.runIf(requireEverything || Boolean(installedRuntimeSdk(sdk)))(`${sdk.title} in ${c.runtime} encrypts and decrypts through the endpoint`, async () => {
      const service = endpoint().service;
      await service.createFunction({ FunctionName: `kms-${c.family}`, Runtime: c.runtime, Handler: c.handler, Timeout: 30, Code: { Directory: join(fixtures('endpoint'), c.folder) } });
      const out = await service.invoke({ FunctionName: `kms-${c.family}`, Payload: { secret: `from ${c.family}` } });
      expect(out.FunctionError, out.Payload.toString('utf8')).toBeUndefined();
      const answer = json(out.Payload);
      expect(answer.endpoint).toBe(endpoint().url);
      expect(answer.plaintext).toBe(`from ${c.family}`);
      // The function's ciphertext is the endpoint's: the test's own client decrypts it.
      const decrypted = await kms().send(new DecryptCommand({ CiphertextBlob: Buffer.from(answer.ciphertext, 'base64') }));
      expect(Buffer.from(decrypted.Plaintext!).toString('utf8')).toBe(`from ${c.family}`);
    });
  }
});
