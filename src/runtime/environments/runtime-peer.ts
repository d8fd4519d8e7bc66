// Which process is on the other end of a loopback connection: the kernel's TCP table
// (one exact sock_diag query by the launcher, or /proc/net/tcp and tcp6, which list every
// socket of the machine and take milliseconds) gives the client socket's inode, and /proc/<pid>/fd shows which
// process holds `socket:[inode]`. Each environment's Runtime API answers only connections
// held by that environment's own processes; AWS's runtime clients need no change for it, as
// they know nothing but AWS_LAMBDA_RUNTIME_API=host:port.

import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { EnvironmentProcess } from './process-control.ts';
import { canReadProc } from './process-tree.ts';

const hexPort = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');

/** The inode of the socket at `clientPort` connected to `serverPort` on this machine, from the client's side. */
export function clientSocketInode(clientPort: number, serverPort: number): number | undefined {
  const local = `:${hexPort(clientPort)}`;
  const remote = `:${hexPort(serverPort)}`;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(local) && fields[2]?.endsWith(remote)) return Number(fields[9]);
    }
  }
  return undefined;
}

/** True when one of `pids` holds the socket with this inode. */
export function heldBy(pids: number[], inode: number): boolean {
  const link = `socket:[${inode}]`;
  for (const pid of pids) {
    let descriptors: string[];
    try {
      descriptors = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of descriptors) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === link) return true;
      } catch {
        // closed meanwhile
      }
    }
  }
  return false;
}

/**
 * Is the client of this connection one of the environment's processes? Where /proc cannot tell
 * (macOS), every loopback client is taken for the runtime, as before this check existed.
 */
export async function connectionFromEnvironment(environment: EnvironmentProcess | undefined, clientPort: number | undefined, serverPort: number | undefined): Promise<boolean> {
  if (!canReadProc) return true;
  if (!environment || clientPort === undefined || serverPort === undefined) return false;
  // The launcher's exact lookup costs microseconds; the TCP table is the way without one.
  const inode = (await environment.socketInode(clientPort, serverPort)) ?? clientSocketInode(clientPort, serverPort);
  if (!inode) return false;
  const { runtime, others } = environment.members();
  return runtime !== undefined && heldBy([runtime, ...others], inode);
}
