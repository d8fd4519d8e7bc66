// A local stand-in for AWS KMS: encrypts configuration secrets with a key kept on this machine,
// and answers functions' Decrypt calls over loopback HTTP in KMS's own JSON protocol
// (docs: https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html), so the code a
// learner writes here has the shape it will have on Lambda.

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { awsJsonErrorBody, listenLoopback } from './http/loopback.ts';

export class InvalidCiphertextError extends Error {
  override name = 'InvalidCiphertextException';
}

const VERSION = 1;

/** The key file: made once per user, readable only by them. */
export function defaultKeyFile(): string {
  return process.env.LAMBDA_DOJO_KEY_FILE ?? join(homedir(), '.config', 'lambda-dojo', 'kms-key');
}

function loadKey(file: string): Buffer {
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length === 32) return key;
    throw new Error(`${file} does not hold a 32-byte key. Delete it to make a new one (values encrypted with the old key can then no longer be decrypted).`);
  }
  const key = randomBytes(32);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

/** Context pairs, sorted, as the authenticated data: the same context must be given to decrypt. */
const aad = (context: Record<string, string>) => Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => a.localeCompare(b))));

export class KeyService {
  readonly keyArn: string;
  private readonly key: Buffer;

  constructor(keyFile = defaultKeyFile(), region = 'us-east-1', accountId = '123456789012') {
    this.key = loadKey(keyFile);
    const id = createHash('sha256').update(this.key).digest('hex');
    this.keyArn = `arn:aws:kms:${region}:${accountId}:key/${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`;
  }

  /** Returns the CiphertextBlob, base64-encoded, as `aws kms encrypt` prints it. */
  encrypt(plaintext: string | Buffer, context: Record<string, string> = {}): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(aad(context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]).toString('base64');
  }

  decrypt(blob: string | Buffer, context: Record<string, string> = {}): Buffer {
    const bytes = Buffer.isBuffer(blob) ? blob : Buffer.from(blob, 'base64');
    const refuse = () => {
      throw new InvalidCiphertextError('The ciphertext is invalid, or was encrypted under another key or with another encryption context.');
    };
    if (bytes.length < 29 || bytes[0] !== VERSION) refuse();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(1, 13));
      decipher.setAAD(aad(context));
      decipher.setAuthTag(bytes.subarray(13, 29));
      return Buffer.concat([decipher.update(bytes.subarray(29)), decipher.final()]);
    } catch {
      return refuse();
    }
  }

  /** Serves Decrypt and Encrypt on 127.0.0.1; returns the endpoint URL (AWS_ENDPOINT_URL_KMS). */
  async listen(): Promise<{ url: string; close(): Promise<void> }> {
    const listener = await listenLoopback({
      name: 'The local key service',
      // KMS takes at most 4 KB of plaintext and 6 KB of ciphertext, base64 in JSON: 64 KB is ample.
      // Source: https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html
      maxBodyBytes: 64 * 1024,
      errorBody: awsJsonErrorBody,
      contentType: 'application/x-amz-json-1.1',
      handle: async (req, _res, context) => {
        const raw = await context.body();
        if (!raw) return;
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(raw.toString('utf8') || '{}');
        } catch {
          return context.error(400, 'SerializationException', 'The request body is not JSON.');
        }
        const encryptionContext = (body.EncryptionContext ?? {}) as Record<string, string>;
        const action = String(req.headers['x-amz-target'] ?? '');
        try {
          if (action === 'TrentService.Decrypt') {
            const plain = this.decrypt(String(body.CiphertextBlob ?? ''), encryptionContext);
            return context.json(200, { KeyId: this.keyArn, Plaintext: plain.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
          }
          if (action === 'TrentService.Encrypt') {
            const plaintext = Buffer.from(String(body.Plaintext ?? ''), 'base64');
            if (plaintext.length > 4096) {
              return context.error(400, 'ValidationException', `1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096 (it has ${plaintext.length} bytes).`);
            }
            return context.json(200, { KeyId: this.keyArn, CiphertextBlob: this.encrypt(plaintext, encryptionContext), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
          }
          return context.error(400, 'UnknownOperationException', `The local key service knows Decrypt and Encrypt, not '${action}'.`);
        } catch (error) {
          if (error instanceof InvalidCiphertextError) return context.error(400, error.name, error.message);
          return context.error(500, 'KMSInternalException', (error as Error).message);
        }
      },
    });
    return { url: listener.url, close: () => listener.close() };
  }
}
