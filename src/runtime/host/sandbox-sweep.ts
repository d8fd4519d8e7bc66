// Sandboxes left behind by a host process that died without shutting its service down
// (kill -9, a crash): where the launcher runs, its environments ended with the host already
// (it follows the host's death); without it, runtimes and whatever they started may still run,
// frozen or not, in any folder, ignoring SIGHUP. The next service to start finds them by their
// owner file, ends every process that belonged to them and removes the folders. A process is
// taken for one of theirs only on proof: the pid file's pid with the same start time, or the
// environment's marker variable (process-tree.ts) naming a folder of the dead service.

import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processesMarked, signal, startTime } from '../environments/process-tree.ts';

const ownerFile = 'owner.pid';

export function writeOwnerFile(root: string): void {
  writeFileSync(join(root, ownerFile), `${process.pid} ${startTime(process.pid) ?? ''}`);
}

/** Alive, and (where a start time was recorded) the same process, not a later one with its pid. */
function isSameProcess(pid: number, started: number | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return started === undefined || startTime(pid) === undefined || startTime(pid) === started;
}

function readPidFile(path: string): { pid: number; started: number | undefined } | undefined {
  try {
    const [pid, started] = readFileSync(path, 'utf8').trim().split(' ');
    return Number(pid) > 0 ? { pid: Number(pid), started: started ? Number(started) : undefined } : undefined;
  } catch {
    return undefined;
  }
}

export function sweepAbandonedSandboxes(parent: string): void {
  let entries: string[];
  try {
    entries = readdirSync(parent).filter((name) => name.startsWith('lambda-dojo-'));
  } catch {
    return;
  }
  const abandoned: string[] = [];
  for (const name of entries) {
    const root = join(parent, name);
    const owner = readPidFile(join(root, ownerFile));
    if (!owner || isSameProcess(owner.pid, owner.started)) continue; // not a service root, or its owner still runs
    abandoned.push(root);
  }
  if (abandoned.length === 0) return;
  const found = new Set<number>();
  for (const root of abandoned) {
    for (const environment of safeList(root)) {
      const runtime = readPidFile(join(root, environment, 'pid'));
      if (runtime && startTime(runtime.pid) !== undefined && startTime(runtime.pid) === runtime.started) found.add(runtime.pid);
    }
  }
  // One pass over every process's environment for all the dead services' folders together.
  for (const pid of processesMarked((value) => abandoned.some((root) => value.startsWith(`${root}/`)))) found.add(pid);
  signal(found, 'SIGSTOP'); // stopped processes cannot fork
  signal(found, 'SIGKILL');
  for (const root of abandoned) rmSync(root, { recursive: true, force: true });
}

function safeList(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
