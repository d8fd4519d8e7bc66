// The local key service: secrets encrypted for configuration, decrypted by functions at init
// through KMS's Decrypt call, never readable without the same key and encryption context.

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyService } from '../../src/runtime/key-service.ts';
import { cli } from '../support/cli.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { json, useService } from '../support/service.ts';

const home = mkdtempSync(join(tmpdir(), 'dojo-kms-test-'));
const keyFile = join(home, 'kms-key');
afterAll(() => rmSync(home, { recursive: true, force: true }));

function post(url: string, target: string, body: unknown, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request(`${url}/`, { method: 'POST', headers: { 'x-amz-target': target, ...headers } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('the local key service', () => {
  it('keeps its key in a file only its owner can read, and reuses it', () => {
    const blob = new KeyService(keyFile).encrypt('s3cret');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(new KeyService(keyFile).decrypt(blob).toString()).toBe('s3cret');
    expect(blob).not.toContain('s3cret');
  });

  it('refuses a tampered ciphertext, another key and another encryption context', () => {
    const keys = new KeyService(keyFile);
    const blob = keys.encrypt('s3cret', { LambdaFunctionName: 'orders' });
    expect(keys.decrypt(blob, { LambdaFunctionName: 'orders' }).toString()).toBe('s3cret');
    expect(() => keys.decrypt(blob, { LambdaFunctionName: 'billing' })).toThrow(/InvalidCiphertext|ciphertext is invalid/);
    const tampered = Buffer.from(blob, 'base64');
    tampered[tampered.length - 1]! ^= 1;
    expect(() => keys.decrypt(tampered)).toThrow(/ciphertext is invalid/);
    expect(() => new KeyService(join(home, 'other-key')).decrypt(blob, { LambdaFunctionName: 'orders' })).toThrow(/ciphertext is invalid/);
  });

  it('answers KMS Decrypt over loopback and refuses web pages', async () => {
    const keys = new KeyService(keyFile);
    const endpoint = await keys.listen();
    try {
      expect(endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const ok = await post(endpoint.url, 'TrentService.Decrypt', { CiphertextBlob: keys.encrypt('hello') });
      expect(ok).toEqual({ status: 200, body: { KeyId: keys.keyArn, Plaintext: Buffer.from('hello').toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' } });
      const bad = await post(endpoint.url, 'TrentService.Decrypt', { CiphertextBlob: 'AAAA' });
      expect(bad).toMatchObject({ status: 400, body: { __type: 'InvalidCiphertextException' } });
      const browser = await post(endpoint.url, 'TrentService.Decrypt', {}, { origin: 'http://evil.example' });
      expect(browser.status).toBe(403);
    } finally {
      await endpoint.close();
    }
  });

  it('encrypts from the command line, for a function to decrypt', async () => {
    const r = await cli(['encrypt', 'from-the-cli', '--context', 'app=dojo'], { env: { LAMBDA_DOJO_KEY_FILE: keyFile } });
    expect(r.exitCode).toBe(0);
    expect(new KeyService(keyFile).decrypt(r.stdout.trim(), { app: 'dojo' }).toString()).toBe('from-the-cli');
    const bad = await cli(['encrypt'], { env: { LAMBDA_DOJO_KEY_FILE: keyFile } });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('Give exactly one value to encrypt.');
  });
});

describe('functions decrypting their configuration', () => {
  const service = useService({ keyFile });
  const secret = () => new KeyService(keyFile).encrypt('p@ss-word');
  const [node, python] = runtimesUnderTest as [(typeof runtimesUnderTest)[0], (typeof runtimesUnderTest)[0]];
  const code = (file: string, text: string) => {
    const folder = mkdtempSync(join(home, 'fn-'));
    writeFileSync(join(folder, file), text);
    return folder;
  };

  it('Node.js: decrypt at init with the SDK v3 the runtime includes, once per environment', async () => {
    await service().createFunction({
      FunctionName: 'kms-node',
      Runtime: node.runtime,
      Handler: 'index.handler',
      Code: { Directory: code('index.mjs', "import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';\nconst out = await new KMSClient({}).send(new DecryptCommand({ CiphertextBlob: Buffer.from(process.env.DB_PASSWORD, 'base64') }));\nconst password = Buffer.from(out.Plaintext).toString('utf8');\nlet calls = 0;\nexport const handler = async () => ({ length: password.length, first: password[0], calls: ++calls });\n") },
      Environment: { Variables: { DB_PASSWORD: secret() } },
    });
    const first = json((await service().invoke({ FunctionName: 'kms-node' })).Payload);
    expect(first).toEqual({ length: 9, first: 'p', calls: 1 });
    expect(json((await service().invoke({ FunctionName: 'kms-node' })).Payload).calls).toBe(2);
  });

  it('Python: decrypt at init with the boto3 the runtime includes', async () => {
    await service().createFunction({
      FunctionName: 'kms-python',
      Runtime: python.runtime,
      Handler: 'app.handler',
      Code: { Directory: code('app.py', "import base64, os\nimport boto3\nPASSWORD = boto3.client('kms').decrypt(CiphertextBlob=base64.b64decode(os.environ['DB_PASSWORD']))['Plaintext'].decode()\n\ndef handler(event, context):\n    return {'length': len(PASSWORD), 'first': PASSWORD[0]}\n") },
      Environment: { Variables: { DB_PASSWORD: secret() } },
    });
    expect(json((await service().invoke({ FunctionName: 'kms-python' })).Payload)).toEqual({ length: 9, first: 'p' });
  });

  it('Python: a value that is not ours fails init with KMS\'s error', async () => {
    await service().createFunction({
      FunctionName: 'kms-python-bad',
      Runtime: python.runtime,
      Handler: 'app.handler',
      Code: { Directory: code('app.py', "import base64, os\nimport boto3\nPASSWORD = boto3.client('kms').decrypt(CiphertextBlob=base64.b64decode(os.environ['DB_PASSWORD']))\n\ndef handler(event, context):\n    return 'unreachable'\n") },
      Environment: { Variables: { DB_PASSWORD: 'bm90IGEgcmVhbCBjaXBoZXJ0ZXh0' } },
    });
    const out = await service().invoke({ FunctionName: 'kms-python-bad' });
    expect(out.FunctionError).toBe('Unhandled');
    expect(json(out.Payload).errorMessage).toContain('InvalidCiphertextException');
  });
});
