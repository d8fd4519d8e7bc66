// Starts the stack parts a deployed template needs, in the order parts/index.ts lists them, and
// stops them in the reverse order. A part that fails to start stops the ones already started.

import type { ProtocolRegistry } from '../endpoint/protocols.ts';
import { SimulatedClock } from '../runtime/clock.ts';
import type { LambdaPort } from '../triggers/lambda-port.ts';
import type { DeployedStack } from './deploy.ts';
import type { TemplatePlan } from './load.ts';
import { stackParts } from './parts/index.ts';
import type { StartedStackPart } from './stack-parts.ts';

export interface StackPartsOptions {
  port: LambdaPort;
  endpointUrl: string;
  protocols: ProtocolRegistry;
  clock?: SimulatedClock;
  notice?: (line: string) => void;
  log?: (line: string) => void;
}

export interface StartedParts {
  clock: SimulatedClock;
  /** Output sections (apis, queues, ...), merged over every part. */
  outputs: Record<string, Record<string, unknown>>;
  /** Functions whose log lines a part already writes to the stack's log: a console need not print them again. */
  logsShownFor: Set<string>;
  close(): Promise<void>;
}

export async function startStackParts(plan: TemplatePlan, stack: DeployedStack, options: StackPartsOptions): Promise<StartedParts> {
  const clock = options.clock ?? new SimulatedClock();
  const started: StartedStackPart[] = [];
  const shared = new Map<string, unknown>();
  const close = async () => {
    for (const part of started.reverse()) await part.close();
    started.length = 0;
    clock.clear();
  };
  try {
    for (const part of stackParts) {
      const resources = plan.resources.filter((r) => part.resourceTypes.includes(r.type));
      const functionEvents = plan.functionEvents.filter((e) => part.functionEventTypes.includes(e.type));
      if (resources.length === 0 && functionEvents.length === 0 && !part.startsWithEveryTemplate) continue;
      started.push(
        await part.start({
          plan,
          resources,
          functionEvents,
          stack,
          port: options.port,
          clock,
          region: options.port.region,
          accountId: options.port.accountId,
          endpointUrl: options.endpointUrl,
          property: stack.property,
          references: stack.references,
          shared,
          addProtocol: (protocol) => options.protocols.add(protocol),
          notice: options.notice ?? (() => {}),
          log: options.log ?? (() => {}),
        }),
      );
    }
  } catch (error) {
    await close();
    throw error;
  }
  const outputs: Record<string, Record<string, unknown>> = {};
  for (const part of started) {
    for (const [section, entries] of Object.entries(part.outputs)) outputs[section] = { ...outputs[section], ...entries };
  }
  const logsShownFor = new Set(started.flatMap((part) => part.logsShownFor ?? []));
  return { clock, outputs, logsShownFor, close };
}
