// What the bench reads about processes: the host's CPU (process.cpuUsage), and from /proc the
// CPU and memory of a runtime's whole process tree and whether it is frozen. Linux only for
// /proc; elsewhere those figures are reported as not measured.

import { readdirSync, readFileSync } from 'node:fs';

export const canReadProc = process.platform === 'linux';

/** Host CPU (user + system, all threads of this process) in milliseconds. */
export function hostCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The CPU time of children this process waited for (spawnSync), in milliseconds, at clock-tick resolution. */
export function waitedChildrenCpuMs(): number {
  if (!canReadProc) return Number.NaN;
  const fields = statFields(process.pid);
  return fields ? ((Number(fields[13]) + Number(fields[14])) * 1000) / 100 : Number.NaN;
}

/** The fields of /proc/<pid>/stat after the command name (index 0 is the state). */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** The process and all its descendants, found through /proc/<pid>/task/<tid>/children. */
export function processTree(pid: number): number[] {
  const found = [pid];
  for (let i = 0; i < found.length && i < 4096; i++) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${found[i]}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      try {
        for (const child of readFileSync(`/proc/${found[i]}/task/${task}/children`, 'utf8').split(' ')) if (child.trim()) found.push(Number(child));
      } catch {
        // the thread ended while we looked
      }
    }
  }
  return found;
}

/**
 * CPU used so far by a process tree, in milliseconds: per thread from schedstat (nanoseconds)
 * where the kernel keeps it, else utime + stime from stat (10 ms ticks), plus what the tree's
 * processes already reaped from their own children (cutime + cstime).
 */
export function treeCpuMs(pid: number): number {
  if (!canReadProc) return Number.NaN;
  let total = 0;
  for (const member of processTree(pid)) {
    const fields = statFields(member);
    if (!fields) continue;
    total += ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // reaped children
    let precise = 0;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${member}/task`);
      for (const task of tasks) precise += Number(readFileSync(`/proc/${member}/task/${task}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
      total += precise;
    } catch {
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    }
  }
  return total;
}

/** Resident and proportional set size of a process tree, in MB (PSS shares each shared page among its users). */
export function treeMemoryMB(pid: number, withDescendants = true): { rss: number; pss: number } {
  let rss = 0;
  let pss = 0;
  for (const member of withDescendants ? processTree(pid) : [pid]) {
    try {
      const rollup = readFileSync(`/proc/${member}/smaps_rollup`, 'utf8');
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0) / 1024;
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0) / 1024;
    } catch {
      // gone, or smaps_rollup is not readable here
    }
  }
  return { rss, pss };
}

/**
 * The outermost process of an environment that holds `pid`: its ancestors up to (not including)
 * this host process, so a containment launcher and its init count with the runtime they hold.
 */
export function environmentRoot(pid: number): number {
  let root = pid;
  for (let i = 0; i < 16; i++) {
    const parent = Number(statFields(root)?.[1]);
    if (!parent || parent <= 1 || parent === process.pid) break;
    root = parent;
  }
  return root;
}

/** True when the process is stopped (SIGSTOP): the state the service freezes an idle runtime in. */
export function isStopped(pid: number): boolean {
  const state = statFields(pid)?.[0];
  return state === 'T' || state === 't';
}
