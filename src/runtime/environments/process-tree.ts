// What Linux's /proc says about a tree of processes: children, start times (a pid alone may be
// reused), and which processes carry an environment's marker variable. Everything here is a
// synchronous read of a few small files; callers decide how often.

import { readdirSync, readFileSync } from 'node:fs';

export const canReadProc = process.platform === 'linux';

/** The variable every process of an environment inherits, so one that left the tree is still found. */
export const sandboxMarker = 'LAMBDA_DOJO_SANDBOX';

/** Direct children of `pid`, over all its threads (a child belongs to the thread that forked it). */
export function childrenOf(pid: number): number[] {
  const found: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const task of tasks) {
    try {
      for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ')) {
        if (child.trim()) found.push(Number(child));
      }
    } catch {
      // the thread ended while we looked
    }
  }
  return found;
}

/** `pid` and every descendant, breadth first (bounded, so a fork bomb cannot stall the host). */
export function treeOf(pid: number, limit = 4096): number[] {
  const found = [pid];
  const seen = new Set(found);
  for (let i = 0; i < found.length && found.length < limit; i++) {
    for (const child of childrenOf(found[i]!)) {
      if (!seen.has(child)) {
        seen.add(child);
        found.push(child);
      }
    }
  }
  return found;
}

/** The process's start time in clock ticks since boot (field 22 of stat); undefined when it is gone. */
export function startTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return undefined;
  }
}

/** Running or stopped; a zombie (ended, not yet reaped) counts as gone. */
export function isRunning(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Every process whose environment carries the marker with a value for which `matches` is true.
 * Reads every process's environ: tens of milliseconds on a busy machine, so only for ending an
 * environment and for the sweep, never per invocation.
 */
export function processesMarked(matches: (value: string) => boolean): number[] {
  if (!canReadProc) return [];
  const prefix = `${sandboxMarker}=`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
    } catch {
      continue; // gone, or not ours to read
    }
    const at = environ.indexOf(prefix);
    if (at < 0) continue;
    const end = environ.indexOf('\0', at);
    if (matches(environ.slice(at + prefix.length, end < 0 ? undefined : end))) found.push(Number(entry));
  }
  return found;
}

export function signal(pids: Iterable<number>, name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // gone meanwhile
    }
  }
}
