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

/** What each section's entries are in the file: a URL, or a stream's name, as a script would pass it on. */
const entryKey: Record<string, 'url' | 'name'> = { apis: 'url', websockets: 'url', distributions: 'url', queues: 'url', streams: 'name' };

/**
 * `parts` are the sections the stack parts add. In apis, websockets, distributions, queues and
 * streams each logical id maps to its URL (a stream: its name), so `jq -r .queues.Work` is a queue
 * URL; what else a part knows of it (ARN, id, shards) goes under details.<section>.
 */
export function serveOutputs(endpoint: string, stack: DeployedStack, parts: Record<string, Record<string, unknown>> = {}): ServeOutputs {
  const flat: Record<string, Record<string, unknown>> = {};
  const details: Record<string, Record<string, unknown>> = {};
  for (const [section, entries] of Object.entries(parts)) {
    const key = entryKey[section];
    flat[section] = {};
    for (const [logicalId, entry] of Object.entries(entries)) {
      const record = entry as Record<string, unknown> | null;
      if (key && record !== null && typeof record === 'object' && typeof record[key] === 'string') {
        flat[section]![logicalId] = record[key];
        (details[section] ??= {})[logicalId] = record;
      } else flat[section]![logicalId] = entry;
    }
  }
  const outputs: ServeOutputs = { endpoint, functions: {}, ...flat, ...(Object.keys(details).length > 0 ? { details } : {}) };
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
