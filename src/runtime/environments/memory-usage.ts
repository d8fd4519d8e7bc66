// Measures the memory of an execution environment as Lambda counts a sandbox: every process of
// it, with pages they share counted once. The runtime counts in full (its resident set and the
// kernel's high-water mark, so a spike between two samples still shows); every other process
// counts its proportional set size (PSS, /proc/<pid>/smaps_rollup), which splits a shared page
// between the processes that map it: 60 idle `sleep` children cost about 7 MB, not 60 times the
// C library. smaps_rollup walks page tables (milliseconds for a large process), so only the
// runtime's cheap status file is read when a figure is wanted at once. macOS has no /proc: it
// asks ps, less often.

import { execFile } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { canReadProc } from './process-tree.ts';

export { canReadProc } from './process-tree.ts';

export interface MemorySample {
  /** Memory of the whole environment now. */
  residentBytes: number;
  /** The highest the environment has reached, as far as one look can tell. */
  peakBytes: number;
}

/** How often to sample during an invocation: /proc reads cost microseconds, ps costs milliseconds. */
export const samplingIntervalMs = canReadProc ? 10 : 100;

function kilobytes(text: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) * 1024 : 0;
}

/**
 * The runtime's status file, held open: a look after every invocation is then one read of it
 * instead of an open, two reads and a close. The descriptor stands for this one process (a
 * reused pid is another process's file), and reads fail once the process is gone.
 */
export class RuntimeStatus {
  readonly pid: number;
  private fd: number | undefined;
  /** One buffer for every reader: reads are synchronous. A status file is about 1.5 KB. */
  private static readonly buffer = Buffer.allocUnsafe(16 * 1024);

  constructor(pid: number) {
    this.pid = pid;
    try {
      this.fd = openSync(`/proc/${pid}/status`, 'r');
    } catch {
      this.fd = undefined; // gone already
    }
  }

  /** The runtime's resident set and its high-water mark; undefined when it is gone. */
  read(): { resident: number; peak: number } | undefined {
    if (this.fd === undefined) return undefined;
    let size: number;
    try {
      size = readSync(this.fd, RuntimeStatus.buffer, 0, RuntimeStatus.buffer.length, 0);
    } catch {
      this.close();
      return undefined;
    }
    if (size <= 0) return undefined;
    const text = RuntimeStatus.buffer.subarray(0, size);
    const resident = statusKilobytes(text, 'VmRSS:');
    return { resident, peak: Math.max(resident, statusKilobytes(text, 'VmHWM:')) };
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // closed already
    }
    this.fd = undefined;
  }
}

/** A "Name:   123 kB" field of a status file, in bytes, read straight from its bytes; 0 when absent. */
function statusKilobytes(text: Buffer, field: string): number {
  const at = text.indexOf(field, 0, 'latin1');
  if (at < 0) return 0;
  let i = at + field.length;
  while (text[i] === 0x20 || text[i] === 0x09) i++;
  let value = 0;
  for (let digit = text[i]!; i < text.length && digit >= 0x30 && digit <= 0x39; digit = text[++i]!) value = value * 10 + digit - 0x30;
  return value * 1024;
}

/** The proportional set size of each process, summed (processes gone meanwhile count nothing). */
export function proportionalTotal(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += kilobytes(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss');
    } catch {
      // ended while we looked, or a kernel older than 4.14 (no smaps_rollup): counted as nothing
    }
  }
  return total;
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
