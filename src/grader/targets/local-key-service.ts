// A lab's own KMS on a local target: a throwaway key for one grading run, served in KMS's JSON 1.1
// protocol (X-Amz-Target TrentService.<Action>, base64 blobs) on 127.0.0.1, so a
// function's real SDK (AWS_ENDPOINT_URL_KMS) and the check's SDK client both reach it. It counts
// Decrypt calls at once (on AWS only CloudTrail does, minutes later) and can hold its Decrypt
// answers back, so a slow KMS shows in the REPORT line where the function waited for it.
// Sources: https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html, API_Decrypt.html,
// CommonErrors.html (error bodies: {"__type": ..., "message": ...}).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { KeyService, placeholderCredentials } from '../../runtime/service.ts';
import type { ProvidedKeyService } from './lab-target.ts';

export { placeholderCredentials };

export interface LocalKeyService {
  url: string;
  keyId: string;
  keyArn: string;
  decryptCalls(): number;
  close(): Promise<void>;
}

/**
 * The runtime's own key service (the KMS protocol in one place: key-service.ts) with a throwaway
 * key in a folder of its own, listening apart so the lab can count and slow its Decrypt calls.
 */
export async function startLocalKeyService(options: { decryptDelayMs?: number; region?: string; accountId?: string } = {}): Promise<LocalKeyService> {
  const folder = mkdtempSync(join(tmpdir(), 'lab-kms-'));
  const keys = new KeyService(join(folder, 'kms-key'), options.region, options.accountId);
  let decrypts = 0;
  const served = await keys.listen({
    name: "The lab's key service",
    delayFor: (action) => {
      if (action !== 'Decrypt') return 0;
      decrypts += 1;
      return options.decryptDelayMs ?? 0;
    },
  });
  return {
    url: served.url,
    keyId: keys.keyArn.split('/').at(-1)!,
    keyArn: keys.keyArn,
    decryptCalls: () => decrypts,
    close: async () => {
      await served.close();
      rmSync(folder, { recursive: true, force: true });
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
