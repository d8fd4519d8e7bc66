// Lab 8's own KMS: a key service the grader starts for one check and points the function at
// (AWS_ENDPOINT_URL_KMS, the variable AWS SDKs read for a KMS endpoint). It encrypts the
// check's own test key, so the check knows what the function should derive from it, counts
// the Decrypt calls, as CloudTrail lists them on AWS, and can hold its answers back, so a
// slow KMS shows in the REPORT line where the function waited for it: Init Duration or Duration.
// It forwards every request to a KeyService of its own (a throwaway key in a temporary folder),
// so it speaks exactly the protocol the runtime's key service speaks.

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyService } from '../../src/runtime/key-service.ts';

export interface GraderKeyService {
  /** For AWS_ENDPOINT_URL_KMS. */
  url: string;
  /** A CiphertextBlob (base64) only this key service can decrypt. */
  encrypt(plaintext: string): string;
  /** Decrypt calls received so far. */
  decrypts(): number;
  close(): Promise<void>;
}

export async function startGraderKeyService(options: { decryptDelayMs?: number } = {}): Promise<GraderKeyService> {
  const folder = mkdtempSync(join(tmpdir(), 'lab08-kms-'));
  const keys = new KeyService(join(folder, 'kms-key'));
  const upstream = await keys.listen();
  const pending = new Set<NodeJS.Timeout>();
  let decrypts = 0;

  const server = createServer((req, res) => {
    // Like the key service it fronts, it serves functions, never web pages.
    if (req.headers.origin !== undefined) {
      req.resume();
      res.writeHead(403, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'The local key service refuses requests from web pages.' }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const action = String(req.headers['x-amz-target'] ?? '');
      if (action === 'TrentService.Decrypt') decrypts += 1;
      const timer = setTimeout(
        () => {
          pending.delete(timer);
          const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': action };
          const forward = request(`${upstream.url}/`, { method: 'POST', headers }, (answer) => {
            res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/x-amz-json-1.1' });
            answer.pipe(res);
          });
          forward.on('error', () => res.destroy());
          forward.end(Buffer.concat(chunks));
        },
        action === 'TrentService.Decrypt' ? (options.decryptDelayMs ?? 0) : 0,
      );
      pending.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    encrypt: (plaintext) => keys.encrypt(plaintext),
    decrypts: () => decrypts,
    close: async () => {
      for (const timer of pending) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await upstream.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Runs `use` with a key service of its own, and closes it afterwards whatever happens. */
export async function withGraderKeyService<T>(use: (kms: GraderKeyService) => Promise<T>, options: { decryptDelayMs?: number } = {}): Promise<T> {
  const kms = await startGraderKeyService(options);
  try {
    return await use(kms);
  } finally {
    await kms.close();
  }
}
