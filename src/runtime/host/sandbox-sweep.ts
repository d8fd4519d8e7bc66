// Sandboxes left behind by a host process that died without shutting its service down
// (kill -9, a crash): their runtimes may still sit frozen. The next service to start
// finds them by their owner file, stops what is still running and removes the folders.

import { readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ownerFile = 'owner.pid';

export function writeOwnerFile(root: string): void {
  writeFileSync(join(root, ownerFile), String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Kills a leftover runtime only when it provably belongs to that sandbox (its working folder is inside it). */
function killIfOurs(pid: number, sandbox: string): void {
  if (!isAlive(pid)) return;
  try {
    if (!readlinkSync(`/proc/${pid}/cwd`).startsWith(sandbox)) return;
  } catch {
    return; // no /proc (macOS), or not ours to inspect: leave it
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
}

export function sweepAbandonedSandboxes(parent: string): void {
  let entries: string[];
  try {
    entries = readdirSync(parent).filter((name) => name.startsWith('lambda-dojo-'));
  } catch {
    return;
  }
  for (const name of entries) {
    const root = join(parent, name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(root, ownerFile), 'utf8'));
    } catch {
      continue; // not a service root, or one still being created
    }
    if (!owner || isAlive(owner)) continue;
    for (const environment of safeList(root)) {
      try {
        killIfOurs(Number(readFileSync(join(root, environment, 'pid'), 'utf8')), join(root, environment));
      } catch {
        // no pid file: the environment never started a process
      }
    }
    rmSync(root, { recursive: true, force: true });
  }
}

function safeList(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
