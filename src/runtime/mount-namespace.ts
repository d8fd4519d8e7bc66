// Where Linux lets an unprivileged process have its own user and mount namespace, each
// environment gets a real /opt (its layers) and its own /tmp, as on Lambda. Elsewhere (macOS,
// kernels that forbid user namespaces) the same folders are reached through environment
// variables that point into the sandbox.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LaunchPlan } from './runtimes/registry.ts';

let available: boolean | undefined;

/** Probes once per process: can we bind-mount over /opt inside a namespace of our own? */
export function mountNamespacesAvailable(): boolean {
  if (available !== undefined) return available;
  available = false;
  if (process.platform !== 'linux' || process.env.LAMBDA_DOJO_ISOLATION === 'none' || !existsSync('/opt')) return available;
  const probe = mkdtempSync(join(tmpdir(), 'lambda-dojo-probe-'));
  try {
    const result = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', 'mount --bind "$0" /opt', probe], { stdio: 'ignore', timeout: 5_000 });
    available = result.status === 0;
  } catch {
    available = false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
  return available;
}

/** True when `dir` holds none of the paths the runtime needs, so a mount may hide it. */
export function canShadow(dir: string, needed: string[]): boolean {
  return !needed.some((path) => path === dir || path.startsWith(`${dir}/`));
}

/**
 * Wraps a launch so the runtime starts inside its own namespaces with `opt` mounted on /opt and,
 * when `tmp` is given, on /tmp. unshare and sh exec in place, so the runtime keeps the pid we
 * watch and kill. Inside, the process runs as the namespace's root (uid 0), which is still our
 * own user outside.
 */
export function insideMountNamespace(plan: LaunchPlan, opt: string, tmp: string | undefined): LaunchPlan {
  const mounts = tmp ? 'mount --bind "$1" /opt && mount --bind "$2" /tmp' : 'mount --bind "$1" /opt';
  return {
    ...plan,
    command: 'unshare',
    args: ['--user', '--map-root-user', '--mount', '--propagation', 'private', 'sh', '-c', `${mounts} && shift 2 && exec "$@"`, 'lambda-sandbox', opt, tmp ?? '-', plan.command, ...plan.args],
  };
}
