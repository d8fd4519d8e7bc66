// Lab 8's own KMS: a key service the grader starts for one check and points the function at
// (AWS_ENDPOINT_URL_KMS, the variable AWS SDKs read for a KMS endpoint). It encrypts the
// check's own test key, so the check knows what the function should derive from it, counts
// the Decrypt calls, as CloudTrail lists them on AWS, and can hold its answers back, so a
// slow KMS shows in the REPORT line where the function waited for it: Init Duration or Duration.
// It forwards every request to a KeyService of its own (a throwaway key in a temporary folder),
// so it speaks exactly the protocol the runtime's key service speaks.

import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsJsonErrorBody, listenLoopback } from '../../src/runtime/http/loopback.ts';
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

  // Like the key service it fronts, it serves functions only: loopback Host, no web pages, small bodies.
  const listener = await listenLoopback({
    name: "Lab 8's key service",
    maxBodyBytes: 64 * 1024,
    errorBody: awsJsonErrorBody,
    contentType: 'application/x-amz-json-1.1',
    handle: async (req, res, context) => {
      const body = await context.body();
      if (!body) return;
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
          forward.end(body);
        },
        action === 'TrentService.Decrypt' ? (options.decryptDelayMs ?? 0) : 0,
      );
      pending.add(timer);
    },
  });

  return {
    url: listener.url,
    encrypt: (plaintext) => keys.encrypt(plaintext),
    decrypts: () => decrypts,
    close: async () => {
      for (const timer of pending) clearTimeout(timer);
      await listener.close();
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
