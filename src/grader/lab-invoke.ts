// `npm run lab N -- --invoke '{"name": "Ada"}'`: runs the learner's function once (or --repeat
// times, on the same warm environment) with the lab's own configuration (runtime, handler,
// layers, variables from lab.ts and function.json), so a "Try it" step needs no flags.

import type { LambdaService } from '../runtime/service.ts';
import type { LabEntry } from './catalogue.ts';
import { deployLab } from './deployment.ts';
import { EmbeddedTarget } from './embedded-target.ts';
import type { Language } from './lab-types.ts';
import type { TargetInvocation } from './target.ts';

export class InvokeEventError extends Error {
  override name = 'InvokeEventError';
}

/** The event as JSON text; refuses what Lambda would refuse, with an example. */
export function parseEvent(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvokeEventError(`--invoke needs the event as JSON, such as '{"name": "Ada"}' (in single quotes, so the shell keeps the double ones): ${(error as Error).message}`);
  }
}

export interface LabInvokeOptions {
  service: LambdaService;
  entry: LabEntry;
  language: Language;
  runtime: string;
  codeFolder: string;
  event: unknown;
  repeat: number;
  /** Each log line as the function writes it. */
  onLog: (line: string) => void;
  /** Called when deploying (and building) starts and ends. */
  onDeploy?: (phase: 'start' | 'end') => void;
  /** Each invocation's outcome, in order. */
  onResult: (invocation: TargetInvocation, index: number) => void;
}

/** Deploys the learner's code as the lab does and invokes it; returns whether every invocation succeeded. */
export async function invokeLab(options: LabInvokeOptions): Promise<boolean> {
  const { service, entry, language, runtime, codeFolder } = options;
  const functionName = `lab${String(entry.number).padStart(2, '0')}-${language}-try`;
  if (service.listFunctions().some((f) => f.FunctionName === functionName)) await service.deleteFunction(functionName);
  options.onDeploy?.('start');
  try {
    await deployLab(service, entry.lab, language, runtime, codeFolder, functionName);
  } finally {
    options.onDeploy?.('end');
  }
  const target = new EmbeddedTarget(service, functionName);
  const unwatch = target.watchLogs(options.onLog);
  let succeeded = true;
  try {
    for (let i = 0; i < options.repeat; i++) {
      const invocation = await target.invoke({ payload: options.event });
      if (invocation.functionError) succeeded = false;
      options.onResult(invocation, i);
    }
  } finally {
    unwatch();
    await service.deleteFunction(functionName).catch(() => undefined);
  }
  return succeeded;
}
