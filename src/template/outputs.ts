// The outputs file `serve --outputs FILE` writes: where the endpoint is and what the template
// started, by logical id, so a script or a check can find them without parsing the console.
// Each kind of resource is one section; later parts add theirs here (apis, websockets,
// distributions, queues, streams: each a map from logical id to its URL or name).

import { renameSync, writeFileSync } from 'node:fs';
import type { DeployedStack } from './deploy.ts';

export interface ServeOutputs {
  endpoint: string;
  functions: Record<string, { name: string; arn: string }>;
  [section: string]: unknown;
}

type Section = (stack: DeployedStack) => Record<string, unknown> | undefined;

const sections: Record<string, Section> = {
  functions: (stack) => Object.fromEntries(Object.values(stack.functions).map((f) => [f.logicalId, { name: f.name, arn: f.arn }])),
};

/** `parts` are the sections the stack parts add (apis, websockets, distributions, queues, streams). */
export function serveOutputs(endpoint: string, stack: DeployedStack, parts: Record<string, Record<string, unknown>> = {}): ServeOutputs {
  const outputs: ServeOutputs = { endpoint, functions: {}, ...parts };
  for (const [name, section] of Object.entries(sections)) {
    const value = section(stack);
    if (value !== undefined) outputs[name] = value;
  }
  return outputs;
}

/** Written whole or not at all: a reader never sees half a file. */
export function writeOutputs(file: string, outputs: ServeOutputs): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(outputs, null, 2)}\n`);
  renameSync(temporary, file);
}
