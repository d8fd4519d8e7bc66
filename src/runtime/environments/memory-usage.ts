// Measures the memory of an execution environment: its process and every process it
// started, as Lambda counts the whole sandbox. Linux reads /proc (cheap enough to poll
// every few milliseconds); macOS has no /proc, so it asks ps, less often.

import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface MemorySample {
  /** Resident memory of the whole process tree now. */
  residentBytes: number;
  /** The highest resident memory the tree has reached (the kernel's high-water mark where it keeps one). */
  peakBytes: number;
}

export const canReadProc = process.platform === 'linux';

/** How often to sample during an invocation: /proc reads cost microseconds, ps costs milliseconds. */
export const samplingIntervalMs = canReadProc ? 10 : 100;

function statusField(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

function childrenOf(pid: number): number[] {
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

/** Samples the tree rooted at pid from /proc; undefined when the process is gone. */
export function sampleFromProc(pid: number): MemorySample | undefined {
  let rootStatus: string;
  try {
    rootStatus = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const rootResident = statusField(rootStatus, 'VmRSS');
  let childrenResident = 0;
  const pending = childrenOf(pid);
  for (let i = 0; i < pending.length && i < 1024; i++) {
    const child = pending[i]!;
    try {
      childrenResident += statusField(readFileSync(`/proc/${child}/status`, 'utf8'), 'VmRSS');
      pending.push(...childrenOf(child));
    } catch {
      // the child exited while we looked
    }
  }
  const peak = Math.max(statusField(rootStatus, 'VmHWM'), rootResident);
  return { residentBytes: rootResident + childrenResident, peakBytes: peak + childrenResident };
}

/** Samples the tree rooted at pid with ps (macOS and other systems without /proc). */
export function sampleFromPs(pid: number): Promise<MemorySample | undefined> {
  return new Promise((resolve) => {
    execFile('ps', ['-A', '-o', 'pid=,ppid=,rss='], { timeout: 5_000 }, (error, stdout) => {
      if (error) return resolve(undefined);
      const rows = stdout
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number]);
      const tree = new Set([pid]);
      let grew = true;
      while (grew) {
        grew = false;
        for (const [p, parent] of rows) {
          if (tree.has(parent) && !tree.has(p)) {
            tree.add(p);
            grew = true;
          }
        }
      }
      if (!rows.some(([p]) => p === pid)) return resolve(undefined);
      const resident = rows.filter(([p]) => tree.has(p)).reduce((sum, [, , kb]) => sum + kb * 1024, 0);
      resolve({ residentBytes: resident, peakBytes: resident });
    });
  });
}

export async function sampleMemory(pid: number): Promise<MemorySample | undefined> {
  return canReadProc ? sampleFromProc(pid) : sampleFromPs(pid);
}
