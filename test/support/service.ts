// Shared set-up for tests that run real functions in a real LambdaService.

import { afterAll, beforeAll } from 'vitest';
import { LambdaService, type LambdaServiceOptions } from '../../src/runtime/service.ts';
import type { FunctionConfigurationInput } from '../../src/runtime/types.ts';

export { fixtures } from './fixtures.ts';
import { fixtures } from './fixtures.ts';

/** A service that lives for the whole test file and is shut down after it. */
export function useService(options: LambdaServiceOptions = {}): () => LambdaService {
  let service: LambdaService | undefined;
  beforeAll(() => {
    service = new LambdaService({ idleTimeoutMs: 60_000, ...options });
  });
  afterAll(async () => {
    await service?.shutdown();
  });
  return () => service!;
}

let counter = 0;

/** Deploys a fixture handler under a fresh name and returns that name. */
export async function deploy(
  service: LambdaService,
  runtime: string,
  family: string,
  handler: string,
  extra: Partial<FunctionConfigurationInput> = {},
): Promise<string> {
  const name = `${handler.replace(/[^a-zA-Z0-9]/g, '-')}-${family}-${++counter}`;
  await service.createFunction({ FunctionName: name, Runtime: runtime, Handler: handler, Code: { Directory: fixtures(family) }, ...extra });
  return name;
}

export function json(payload: string | Uint8Array): any {
  return JSON.parse(typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8'));
}
