// A lab's own KMS on a local target: a throwaway key held in memory for one grading run, served
// in KMS's JSON 1.1 protocol (X-Amz-Target TrentService.<Action>, base64 blobs) on 127.0.0.1, so a
// function's real SDK (AWS_ENDPOINT_URL_KMS) and the check's SDK client both reach it. It counts
// Decrypt calls at once (on AWS only CloudTrail does, minutes later) and can hold its Decrypt
// answers back, so a slow KMS shows in the REPORT line where the function waited for it.
// Sources: https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html, API_Decrypt.html,
// CommonErrors.html (error bodies: {"__type": ..., "message": ...}).

import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KMSClient } from '@aws-sdk/client-kms';
import type { ProvidedKeyService } from './lab-target.ts';

/** Any credentials do for a local endpoint (it checks no signature); AWS uses the default chain. */
export const placeholderCredentials = { accessKeyId: 'lambda-dojo', secretAccessKey: 'lambda-dojo' };

export interface LocalKeyService {
  url: string;
  keyId: string;
  keyArn: string;
  decryptCalls(): number;
  close(): Promise<void>;
}

/** KMS takes at most 4 KB of plaintext; 64 KB of JSON is ample for any request it accepts. */
const maxBodyBytes = 64 * 1024;
const contentType = 'application/x-amz-json-1.1';

class KmsError extends Error {
  readonly status: number;
  readonly type: string;
  constructor(status: number, type: string, message: string) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

export async function startLocalKeyService(options: { decryptDelayMs?: number; region?: string; accountId?: string } = {}): Promise<LocalKeyService> {
  const key = randomBytes(32);
  const keyId = randomUUID();
  const keyArn = `arn:aws:kms:${options.region ?? 'us-east-1'}:${options.accountId ?? '123456789012'}:key/${keyId}`;
  const header = Buffer.from(keyId.replaceAll('-', ''), 'hex');
  let decrypts = 0;
  const timers = new Set<NodeJS.Timeout>();

  const encrypt = (plaintext: Buffer): Buffer => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(header);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([header, iv, cipher.getAuthTag(), body]);
  };
  const decrypt = (blob: Buffer): Buffer => {
    const invalid = new KmsError(400, 'InvalidCiphertextException', 'The ciphertext was not made by this key (the lab\'s throwaway key), or it was changed.');
    if (blob.length < 44 || !blob.subarray(0, 16).equals(header)) throw invalid;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(16, 28));
      decipher.setAAD(header);
      decipher.setAuthTag(blob.subarray(28, 44));
      return Buffer.concat([decipher.update(blob.subarray(44)), decipher.final()]);
    } catch {
      throw invalid;
    }
  };

  const answer = (action: string, body: Record<string, unknown>): object => {
    const blob = (field: string) => {
      if (typeof body[field] !== 'string' || body[field] === '') throw new KmsError(400, 'ValidationException', `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null.`);
      return Buffer.from(body[field] as string, 'base64');
    };
    switch (action) {
      case 'Encrypt': {
        const plaintext = blob('Plaintext');
        if (plaintext.length > 4096) throw new KmsError(400, 'ValidationException', `Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096 (it has ${plaintext.length} bytes).`);
        return { KeyId: keyArn, CiphertextBlob: encrypt(plaintext).toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
      }
      case 'Decrypt':
        decrypts += 1;
        return { KeyId: keyArn, Plaintext: decrypt(blob('CiphertextBlob')).toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
      case 'DescribeKey':
        return { KeyMetadata: { KeyId: keyId, Arn: keyArn, Enabled: true, KeyState: 'Enabled', KeyUsage: 'ENCRYPT_DECRYPT', KeySpec: 'SYMMETRIC_DEFAULT' } };
      default:
        throw new KmsError(400, 'UnknownOperationException', `The lab's key service answers Encrypt, Decrypt and DescribeKey, not '${action}'.`);
    }
  };

  const send = (res: ServerResponse, status: number, body: object) => {
    const json = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(json), 'x-amzn-RequestId': randomUUID() });
    res.end(json);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, port: number) => {
    // Functions and the grader only: a loopback Host, and no page of a browser (no Origin).
    const host = String(req.headers.host ?? '');
    if (![`127.0.0.1:${port}`, `localhost:${port}`].includes(host) || req.headers.origin !== undefined) {
      return send(res, 403, { __type: 'AccessDeniedException', message: `The lab's key service answers only local clients at 127.0.0.1:${port} (Host was ${host || 'missing'}).` });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        send(res, 413, { __type: 'ValidationException', message: `The request has more than ${maxBodyBytes} bytes; KMS requests are small.` });
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      const action = String(req.headers['x-amz-target'] ?? '').replace(/^TrentService\./, '');
      let reply: { status: number; body: object };
      try {
        reply = { status: 200, body: answer(action, JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')) };
      } catch (error) {
        reply = error instanceof KmsError ? { status: error.status, body: { __type: error.type, message: error.message } } : { status: 400, body: { __type: 'SerializationException', message: 'The request body is not JSON.' } };
      }
      const delay = action === 'Decrypt' ? (options.decryptDelayMs ?? 0) : 0;
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(res, reply.status, reply.body);
      }, delay);
      timers.add(timer);
    });
  };

  const server = createServer((req, res) => handle(req, res, (server.address() as AddressInfo).port));
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    keyId,
    keyArn,
    decryptCalls: () => decrypts,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The lab's key service on a local target, with a KMS client for the check and the variable for the function. */
export async function provideLocalKeyService(options: { decryptDelayMs?: number; region: string }): Promise<ProvidedKeyService & { release(): Promise<void> }> {
  const local = await startLocalKeyService(options);
  const kms = new KMSClient({ region: options.region, endpoint: local.url, credentials: placeholderCredentials });
  return {
    keyId: local.keyId,
    kms,
    environment: { AWS_ENDPOINT_URL_KMS: local.url },
    decryptCalls: local.decryptCalls,
    delaysDecrypt: (options.decryptDelayMs ?? 0) > 0,
    release: async () => {
      kms.destroy();
      await local.close();
    },
  };
}
