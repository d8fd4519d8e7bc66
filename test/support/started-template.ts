// A template written to a temporary folder and started as `serve` starts it: a real endpoint,
// its functions deployed, its stack parts (tables, APIs, ...) in front of them. For one test file.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startEndpoint, type LocalEndpoint } from '../../src/endpoint/server.ts';
import type { LambdaServiceOptions } from '../../src/runtime/service.ts';
import { servicePort } from '../../src/triggers/ports/service-port.ts';
import { deployTemplate, type DeployedStack } from '../../src/template/deploy.ts';
import { loadTemplate } from '../../src/template/load.ts';
import { startStackParts, type StartedParts } from '../../src/template/start-parts.ts';

export interface StartedTemplate {
  endpoint: LocalEndpoint;
  stack: DeployedStack;
  parts: StartedParts;
  /** Console lines (notices) and access-log lines the parts wrote. */
  lines: string[];
  folder: string;
}

/**
 * Writes `files` (template.yaml and any code) to a folder and starts the template before the
 * file's tests; `service` adds service options (short asynchronous retry waits, say).
 */
export function useStartedTemplate(files: Record<string, string>, service: LambdaServiceOptions = {}): () => StartedTemplate {
  let started: StartedTemplate | undefined;
  const folder = mkdtempSync(join(tmpdir(), 'started-template-'));
  beforeAll(async () => {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    const plan = loadTemplate(join(folder, 'template.yaml'));
    const endpoint = await startEndpoint({ service: { idleTimeoutMs: 60_000, ...service } });
    const lines: string[] = [];
    try {
      const stack = await deployTemplate(plan, endpoint.service);
      const parts = await startStackParts(plan, stack, {
        port: servicePort(endpoint.service),
        endpointUrl: endpoint.url,
        protocols: endpoint.protocols,
        notice: (line) => lines.push(line),
        log: (line) => lines.push(line),
      });
      started = { endpoint, stack, parts, lines, folder };
    } catch (error) {
      await endpoint.close();
      throw error;
    }
  });
  afterAll(async () => {
    await started?.parts.close();
    await started?.endpoint.close();
    rmSync(folder, { recursive: true, force: true });
  });
  return () => started!;
}
