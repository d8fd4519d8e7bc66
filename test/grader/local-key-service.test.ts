// The key service a local target gives a lab that needs one (lab 8): the official KMS client
// encrypts and decrypts with its throwaway key, it answers as KMS does when the blob is not its
// own, counts Decrypt calls, and, like every local listener, answers only loopback clients.

import { request } from 'node:http';
import { DecryptCommand, EncryptCommand, InvalidCiphertextException } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { provideLocalKeyService, startLocalKeyService } from '../../src/grader/targets/local-key-service.ts';

describe('the local key service a lab can need', () => {
  it('encrypts and decrypts through the official KMS client, and counts each Decrypt', async () => {
    const keys = await provideLocalKeyService({ region: 'eu-west-1' });
    try {
      expect(keys.environment.AWS_ENDPOINT_URL_KMS).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const sealed = await keys.kms.send(new EncryptCommand({ KeyId: keys.keyId, Plaintext: Buffer.from('dojo-test-key') }));
      expect(Buffer.from(sealed.CiphertextBlob!).toString('utf8')).not.toContain('dojo-test-key');
      const opened = await keys.kms.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob }));
      expect(Buffer.from(opened.Plaintext!).toString('utf8')).toBe('dojo-test-key');
      expect(opened.KeyId).toMatch(new RegExp(`^arn:aws:kms:eu-west-1:\\d{12}:key/${keys.keyId}$`));
      expect(keys.decryptCalls!()).toBe(1);
    } finally {
      await keys.release();
    }
  });

  it('refuses a blob another key made with KMS\'s InvalidCiphertextException', async () => {
    const mine = await provideLocalKeyService({ region: 'us-east-1' });
    const other = await provideLocalKeyService({ region: 'us-east-1' });
    try {
      const sealed = await other.kms.send(new EncryptCommand({ KeyId: other.keyId, Plaintext: Buffer.from('x') }));
      const refused = await mine.kms.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob })).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(InvalidCiphertextException);
    } finally {
      await mine.release();
      await other.release();
    }
  });

  it('answers only loopback clients: another Host, or a page\'s Origin, is refused', async () => {
    const service = await startLocalKeyService();
    const post = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${service.url}/`, { method: 'POST', headers: { 'x-amz-target': 'TrentService.DescribeKey', 'content-type': 'application/x-amz-json-1.1', ...headers } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end('{"KeyId":"alias/lab"}');
      });
    try {
      expect(await post({})).toBe(200);
      expect(await post({ host: 'attacker.example' })).toBe(403);
      expect(await post({ origin: 'http://attacker.example' })).toBe(403);
    } finally {
      await service.close();
    }
  });
});
