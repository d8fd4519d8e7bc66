// Shared set-up for tests that talk to a real local AWS endpoint with the real AWS SDK clients.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startEndpoint, type EndpointOptions, type LocalEndpoint } from '../../src/endpoint/server.ts';

/** An endpoint that lives for the whole test file. */
export function useEndpoint(options: EndpointOptions = {}): () => LocalEndpoint {
  let endpoint: LocalEndpoint | undefined;
  beforeAll(async () => {
    endpoint = await startEndpoint({ ...options, service: { idleTimeoutMs: 60_000, ...options.service } });
  });
  afterAll(async () => {
    await endpoint?.close();
  });
  return () => endpoint!;
}

/** Any credentials: the endpoint does not check signatures. */
export const anyCredentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' };

/**
 * A .zip made by Python's zipfile (not by our own writer, so our reader is tested against
 * another implementation), from files given by name.
 */
export function makeZip(files: Record<string, string>): Buffer {
  const folder = mkdtempSync(join(tmpdir(), 'endpoint-zip-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(folder, 'src', name)), { recursive: true });
      writeFileSync(join(folder, 'src', name), text);
    }
    execFileSync('python3', ['-c', 'import shutil,sys; shutil.make_archive(sys.argv[1], "zip", sys.argv[2])', join(folder, 'out'), join(folder, 'src')]);
    return readFileSync(join(folder, 'out.zip'));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
