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

export type KmsAnswer = { status: 200; body: object } | { status: number; error: string; message: string };

/** The KMS actions answered here. */
export const kmsActions = ['Encrypt', 'Decrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateRandom', 'DescribeKey'];

/** Key specs GenerateDataKey takes and their lengths. Source: https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html */
const dataKeyBytes: Record<string, number> = { AES_256: 32, AES_128: 16 };

/**
 * One KMS call in KMS's JSON 1.1 protocol (X-Amz-Target `TrentService.<Action>`, base64 blobs), for
 * this key service's own listener and for the local AWS endpoint: the kmsActions, each with the key
 * this machine keeps, whatever KeyId names.
 */
export function answerKmsRequest(keys: KeyService, target: string, raw: Buffer): KmsAnswer {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw.toString('utf8') || '{}');
  } catch {
    return { status: 400, error: 'SerializationException', message: 'The request body is not JSON.' };
  }
  const encryptionContext = (body.EncryptionContext ?? {}) as Record<string, string>;
  const action = target.startsWith('TrentService.') ? target.slice('TrentService.'.length) : target;
  const keyIdRequired = (): KmsAnswer | undefined =>
    typeof body.KeyId === 'string' && body.KeyId !== ''
      ? undefined
      : { status: 400, error: 'ValidationException', message: `1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null. ${action} needs a KeyId (any key id, ARN or alias/name: the local key service has one key).` };
  try {
    switch (action) {
      case 'Decrypt': {
        const plain = keys.decrypt(String(body.CiphertextBlob ?? ''), encryptionContext);
        return { status: 200, body: { KeyId: keys.keyArn, Plaintext: plain.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' } };
      }
      case 'Encrypt': {
        const plaintext = Buffer.from(String(body.Plaintext ?? ''), 'base64');
        if (plaintext.length > 4096) {
          return { status: 400, error: 'ValidationException', message: `1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096 (it has ${plaintext.length} bytes).` };
        }
        return { status: 200, body: { KeyId: keys.keyArn, CiphertextBlob: keys.encrypt(plaintext, encryptionContext), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' } };
      }
      case 'GenerateDataKey':
      case 'GenerateDataKeyWithoutPlaintext': {
        const missing = keyIdRequired();
        if (missing) return missing;
        const length = dataKeyLength(body.KeySpec, body.NumberOfBytes);
        if (typeof length === 'string') return { status: 400, error: 'ValidationException', message: length };
        const dataKey = randomBytes(length);
        const answer: Record<string, string> = { KeyId: keys.keyArn, CiphertextBlob: keys.encrypt(dataKey, encryptionContext) };
        if (action === 'GenerateDataKey') answer.Plaintext = dataKey.toString('base64');
        return { status: 200, body: answer };
      }
      case 'GenerateRandom': {
        const count = body.NumberOfBytes;
        if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 1024) {
          return { status: 400, error: 'ValidationException', message: `NumberOfBytes ${JSON.stringify(count)} is not valid: give a whole number from 1 to 1024.` };
        }
        return { status: 200, body: { Plaintext: randomBytes(count as number).toString('base64') } };
      }
      case 'DescribeKey': {
        const missing = keyIdRequired();
        if (missing) return missing;
        const keyId = keys.keyArn.split('/').at(-1)!;
        // Source: https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html
        return {
          status: 200,
          body: {
            KeyMetadata: {
              AWSAccountId: keys.keyArn.split(':')[4],
              KeyId: keyId,
              Arn: keys.keyArn,
              Description: 'The local key service\'s key (one per machine).',
              Enabled: true,
              KeyState: 'Enabled',
              KeyUsage: 'ENCRYPT_DECRYPT',
              KeySpec: 'SYMMETRIC_DEFAULT',
              CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
              EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
              Origin: 'AWS_KMS',
              KeyManager: 'CUSTOMER',
              MultiRegion: false,
            },
          },
        };
      }
      default:
        return { status: 400, error: 'UnknownOperationException', message: `The local key service knows ${kmsActions.join(', ')}, not '${action}'.` };
    }
  } catch (error) {
    if (error instanceof InvalidCiphertextError) return { status: 400, error: error.name, message: error.message };
    return { status: 500, error: 'KMSInternalException', message: (error as Error).message };
  }
}

function dataKeyLength(keySpec: unknown, numberOfBytes: unknown): number | string {
  if (keySpec !== undefined && numberOfBytes !== undefined) return 'Give KeySpec or NumberOfBytes, not both.';
  if (keySpec !== undefined) return dataKeyBytes[String(keySpec)] ?? `KeySpec '${String(keySpec)}' is not valid: use AES_256 or AES_128.`;
  if (numberOfBytes === undefined) return 'GenerateDataKey needs KeySpec (AES_256 or AES_128) or NumberOfBytes (1 to 1024).';
  return Number.isInteger(numberOfBytes) && (numberOfBytes as number) >= 1 && (numberOfBytes as number) <= 1024
    ? (numberOfBytes as number)
    : `NumberOfBytes ${JSON.stringify(numberOfBytes)} is not valid: give a whole number from 1 to 1024.`;
}

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

  /**
   * Serves KMS (answerKmsRequest) on 127.0.0.1; returns the endpoint URL (AWS_ENDPOINT_URL_KMS).
   * `delayFor` may hold an action's answer back (a slow KMS, as lab 8's checks need), and sees
   * every action asked for, so a caller can count Decrypt calls as CloudTrail would list them.
   */
  async listen(options: { name?: string; delayFor?: (action: string) => number } = {}): Promise<{ url: string; close(): Promise<void> }> {
    const pending = new Set<NodeJS.Timeout>();
    const listener = await listenLoopback({
      name: options.name ?? 'The local key service',
      // KMS takes at most 4 KB of plaintext and 6 KB of ciphertext, base64 in JSON: 64 KB is ample.
      // Source: https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html
      maxBodyBytes: 64 * 1024,
      errorBody: awsJsonErrorBody,
      contentType: 'application/x-amz-json-1.1',
      handle: async (req, _res, context) => {
        const raw = await context.body();
        if (!raw) return;
        const target = String(req.headers['x-amz-target'] ?? '');
        const answer = answerKmsRequest(this, target, raw);
        const delay = options.delayFor?.(target.replace(/^TrentService\./, '')) ?? 0;
        if (delay > 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              pending.delete(timer);
              resolve();
            }, delay);
            pending.add(timer);
          });
        }
        if ('error' in answer) return context.error(answer.status, answer.error, answer.message);
        return context.json(200, answer.body);
      },
    });
    return {
      url: listener.url,
      close: () => {
        for (const timer of pending) clearTimeout(timer);
        return listener.close();
      },
    };
  }
}
