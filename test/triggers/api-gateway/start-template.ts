// Starts a fixture template as serve does (deploy on a real LambdaService, then the stack parts
// through the service's Lambda port) and keeps every access-log and notice line it writes.

import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { ProtocolRegistry } from '../../../src/endpoint/protocols.ts';
import { SimulatedClock } from '../../../src/runtime/clock.ts';
import { LambdaService } from '../../../src/runtime/service.ts';
import { deployTemplate } from '../../../src/template/deploy.ts';
import { loadTemplate } from '../../../src/template/load.ts';
import { startStackParts, type StartedParts } from '../../../src/template/start-parts.ts';
import { servicePort } from '../../../src/triggers/ports/service-port.ts';
import { projectRoot } from '../../support/cli.ts';

export interface StartedTemplate {
  service: LambdaService;
  parts: StartedParts;
  clock: SimulatedClock;
  /** Base URL of each API by logical id (the outputs' `apis`). */
  apis: Record<string, string>;
  /** Access-log and decision lines so far. */
  log: string[];
  notices: string[];
}

export function fixtureTemplate(name: string): string {
  return join(projectRoot, 'test/fixtures/templates', name, 'template.yaml');
}

/** Starts the template before the file's tests and stops everything after them. */
export function useTemplate(name: string): () => StartedTemplate {
  let started: StartedTemplate | undefined;
  beforeAll(async () => {
    const service = new LambdaService({ idleTimeoutMs: 60_000 });
    const plan = loadTemplate(fixtureTemplate(name));
    const stack = await deployTemplate(plan, service);
    const clock = new SimulatedClock();
    const log: string[] = [];
    const notices: string[] = [];
    const parts = await startStackParts(plan, stack, {
      port: servicePort(service),
      endpointUrl: 'http://127.0.0.1:4566',
      protocols: new ProtocolRegistry(),
      clock,
      log: (line) => log.push(line),
      notice: (line) => notices.push(line),
    });
    started = { service, parts, clock, apis: (parts.outputs.apis ?? {}) as Record<string, string>, log, notices };
  });
  afterAll(async () => {
    await started?.parts.close();
    await started?.service.shutdown();
  });
  return () => started!;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json(): any;
}

/** A real HTTP request with fetch. */
export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}
