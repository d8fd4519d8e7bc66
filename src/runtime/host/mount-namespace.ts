// How this machine lets an environment be contained (see environments/process-control.ts):
// - Linux with unprivileged user namespaces and a C compiler: namespace-launcher.c, built once,
//   runs each runtime in its own user, mount and PID namespaces, with a real /opt (its layers),
//   a size-limited /tmp of its own, the service's folders read-only, and 1,024 descriptors;
// - a C compiler but no user namespaces (some distributions forbid them), or
//   LAMBDA_DOJO_ISOLATION=none: the same launcher as a child subreaper, without mounts;
// - neither (macOS without Xcode tools, LAMBDA_DOJO_ISOLATION=plain): a shell sets the
//   descriptor limit and the service finds the processes itself; /opt and /tmp are reached
//   through environment variables that point into the sandbox.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Containment } from '../environments/process-control.ts';
import type { LaunchPlan } from '../runtimes/registry.ts';

let built: { path: string | undefined } | undefined;
let probed: boolean | undefined;

/** Which containment LAMBDA_DOJO_ISOLATION asks for: the strongest the machine allows, or less. */
function requested(): 'auto' | 'none' | 'plain' {
  const value = process.env.LAMBDA_DOJO_ISOLATION;
  return value === 'none' || value === 'plain' ? value : 'auto';
}

/**
 * Builds namespace-launcher.c once per source version into the user's cache; undefined where
 * there is no C compiler (or not Linux: it relies on /proc and prctl).
 */
export function launcherPath(): string | undefined {
  if (process.platform !== 'linux' || requested() === 'plain') return undefined;
  if (built) return built.path;
  built = { path: undefined };
  const source = fileURLToPath(new URL('./namespace-launcher.c', import.meta.url));
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 16);
  const binary = join(process.env.LAMBDA_DOJO_BUILD_CACHE ?? join(homedir(), '.cache', 'lambda-dojo', 'builds'), `namespace-launcher-${hash}`);
  if (!existsSync(binary)) {
    mkdirSync(dirname(binary), { recursive: true });
    const partial = `${binary}.${process.pid}.tmp`;
    const compiled = spawnSync('cc', ['-O2', '-o', partial, source], { stdio: 'ignore', timeout: 60_000 });
    if (compiled.status !== 0 || !existsSync(partial)) return undefined;
    renameSync(partial, binary);
  }
  built.path = binary;
  return binary;
}

/** Probes once per process: can the launcher make namespaces, bind /opt and mount a tmpfs? */
export function mountNamespacesAvailable(): boolean {
  if (requested() !== 'auto') return false;
  if (probed !== undefined) return probed;
  probed = false;
  const launcher = launcherPath();
  if (!launcher || !existsSync('/opt')) return probed;
  const probe = mkdtempSync(join(tmpdir(), 'lambda-dojo-probe-'));
  try {
    const args = ['--namespaces', '--opt', probe, '--tmp-size', '1048576', '--read-only', '/opt', '--', 'true'];
    probed = spawnSync(launcher, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe'], timeout: 5_000 }).status === 0;
  } catch {
    probed = false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
  return probed;
}

/** The containment the machine gives environments now (for doctor and tests). */
export function availableContainment(): Containment {
  return mountNamespacesAvailable() ? 'namespaces' : launcherPath() ? 'subreaper' : 'plain';
}

/** True when `dir` holds none of the paths the runtime needs, so a mount may hide it. */
export function canShadow(dir: string, needed: string[]): boolean {
  return !needed.some((path) => path === dir || path.startsWith(`${dir}/`));
}

export interface ContainmentRequest {
  /** Namespaces are allowed for this environment (and the machine has them). */
  namespaces: boolean;
  /** A folder to mount on /opt; only with namespaces. */
  opt?: string;
  /** The size of the environment's own /tmp (a tmpfs), in bytes; only with namespaces. */
  tmpBytes?: number;
  /** Folders the function may read but not change (the code store, its own task root). */
  readOnly: string[];
  /** A folder inside those that stays writable (its temporary folder when /tmp cannot be its own). */
  writable?: string;
  /** RLIMIT_NOFILE for the runtime and everything it starts. */
  descriptors: number;
}

/** Wraps a launch so that its processes are held as strongly as the machine allows. */
export function contain(plan: LaunchPlan, request: ContainmentRequest): { plan: LaunchPlan; containment: Containment } {
  const launcher = launcherPath();
  if (!launcher) {
    // The shell sets the limit and execs in place: the runtime keeps the pid we watch.
    const args = ['-c', `ulimit -n ${request.descriptors} 2>/dev/null; exec "$@"`, 'lambda-runtime', plan.command, ...plan.args];
    return { plan: { ...plan, command: '/bin/sh', args }, containment: 'plain' };
  }
  const flags = ['--nofile', String(request.descriptors)];
  if (request.namespaces) {
    flags.push('--namespaces');
    if (request.opt) flags.push('--opt', request.opt);
    if (request.tmpBytes) flags.push('--tmp-size', String(request.tmpBytes));
    for (const folder of request.readOnly) flags.push('--read-only', folder);
    if (request.writable) flags.push('--writable', request.writable);
  }
  return { plan: { ...plan, command: launcher, args: [...flags, '--', plan.command, ...plan.args] }, containment: request.namespaces ? 'namespaces' : 'subreaper' };
}
