// Looking at processes from outside, as a test must: /proc, nothing of the runtime's own code.

import { readdirSync, readFileSync } from 'node:fs';

let tokens = 0;

/** A `sleep` duration no other process on the machine uses, so a test finds exactly its own. */
export const newToken = () => `${600 + (process.pid % 1000)}.${++tokens}${Date.now() % 100_000}`;

/** Host pids of the processes running `sleep <token>`. */
export function sleepers(token: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8') === `sleep\0${token}\0`) found.push(Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}

/** R running, S sleeping, T stopped (frozen); undefined when gone or a zombie. */
export function processState(pid: number): string | undefined {
  try {
    const letter = /^State:\s+(\w)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1];
    return letter === 'Z' ? undefined : letter;
  } catch {
    return undefined;
  }
}

export async function eventually(predicate: () => boolean, ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return predicate();
}
