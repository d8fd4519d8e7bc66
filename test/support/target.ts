// Lab targets for tests: the embedded runtime (a service and its local endpoint in this
// process), living for the whole test file.

import { afterAll, beforeAll } from 'vitest';
import { startEndpoint } from '../../src/endpoint/server.ts';
import { EmbeddedLabTarget } from '../../src/grader/embedded-target.ts';

export function useEmbeddedTarget(): () => EmbeddedLabTarget {
  let target: EmbeddedLabTarget | undefined;
  beforeAll(async () => {
    const endpoint = await startEndpoint({ service: { idleTimeoutMs: 60_000 } });
    target = new EmbeddedLabTarget(endpoint.service, endpoint.url, endpoint);
  });
  afterAll(async () => {
    await target?.close();
  });
  return () => target!;
}
