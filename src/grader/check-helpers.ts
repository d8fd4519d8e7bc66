// Small helpers for writing checks in labs/*/lab.ts, so every lab reports failures the same
// way: what was expected, what came back.

import type { CheckOutcome } from './lab-types.ts';
import type { TargetInvocation } from './target.ts';

export const pass = (detail?: string): CheckOutcome => ({ status: 'passed', ...(detail ? { detail } : {}) });

export const fail = (message: string, expected: unknown, actual: unknown): CheckOutcome => ({ status: 'failed', message, expected, actual });

/** The payload as JSON, or undefined when it is not JSON. */
export function payloadOf(invocation: TargetInvocation): unknown {
  try {
    return JSON.parse(invocation.payload);
  } catch {
    return undefined;
  }
}

/** What came back, as a learner should see it: the error when the function failed, else the payload. */
export function shown(invocation: TargetInvocation): unknown {
  const payload = payloadOf(invocation) ?? invocation.payload;
  return invocation.functionError ? { functionError: invocation.functionError, error: payload } : payload;
}

/** Deep equality on JSON values (key order does not matter). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Passes when the function succeeded and returned exactly `expected`. */
export function expectPayload(invocation: TargetInvocation, expected: unknown, message: string): CheckOutcome {
  if (invocation.functionError) return fail(`${message}, but the function failed`, expected, shown(invocation));
  const actual = payloadOf(invocation);
  return sameJson(actual, expected) ? pass() : fail(message, expected, actual ?? invocation.payload);
}

/** The lines a function wrote itself: everything between START and END. */
export function functionLogs(invocation: TargetInvocation): string[] {
  const start = invocation.logs.findIndex((l) => l.startsWith('START RequestId: '));
  const end = invocation.logs.findIndex((l) => l.startsWith('END RequestId: '));
  return invocation.logs.slice(start + 1, end === -1 ? undefined : end);
}
