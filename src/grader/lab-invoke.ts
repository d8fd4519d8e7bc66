// `npm run lab N -- --invoke '{"name": "Ada"}'`: runs the learner's function once (or --repeat
// times, on the same warm environment) with the lab's own configuration (runtime, handler,
// layers, variables from lab.ts and function.json), so a "Try it" step needs no flags.

import type { LabEntry } from './catalogue.ts';
import { deployLab } from './deployment.ts';
import type { Language } from './lab-types.ts';
import type { TargetInvocation } from './target.ts';
import type { LabTarget } from './targets/lab-target.ts';

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
  target: LabTarget;
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
  const { entry, language, runtime, codeFolder } = options;
  const functionName = `lab${String(entry.number).padStart(2, '0')}-${language}-try`;
  options.onDeploy?.('start');
  let deployment;
  try {
    deployment = await deployLab(options.target, entry.lab, language, runtime, codeFolder, functionName);
  } finally {
    options.onDeploy?.('end');
  }
  const fn = deployment.function;
  // Live log lines where the target streams them; otherwise each invocation's log tail after it.
  const unwatch = fn.watchLogs?.(options.onLog);
  let succeeded = true;
  try {
    for (let i = 0; i < options.repeat; i++) {
      const invocation = await fn.invoke({ payload: options.event });
      if (!unwatch) for (const line of invocation.logs) options.onLog(line);
      if (invocation.functionError) succeeded = false;
      options.onResult(invocation, i);
    }
  } finally {
    unwatch?.();
    await deployment.teardown();
  }
  return succeeded;
}
