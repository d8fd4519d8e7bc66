// Where Linux lets an unprivileged process have its own user and mount namespace, each
// environment gets a real /opt (its layers) and its own /tmp, as on Lambda. Elsewhere (macOS,
// kernels that forbid user namespaces) the same folders are reached through environment
// variables that point into the sandbox.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LaunchPlan } from '../runtimes/registry.ts';

let available: boolean | undefined;
let launcher: string | undefined;

/**
 * Builds namespace-launcher.c once per source version into the user's cache; undefined where
 * there is no C compiler (the unshare + sh route serves then).
 */
function buildLauncher(): string | undefined {
  const source = fileURLToPath(new URL('./namespace-launcher.c', import.meta.url));
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 16);
  const binary = join(process.env.LAMBDA_DOJO_BUILD_CACHE ?? join(homedir(), '.cache', 'lambda-dojo', 'builds'), `namespace-launcher-${hash}`);
  if (existsSync(binary)) return binary;
  mkdirSync(dirname(binary), { recursive: true });
  const partial = `${binary}.${process.pid}.tmp`;
  const built = spawnSync('cc', ['-O2', '-o', partial, source], { stdio: 'ignore', timeout: 60_000 });
  if (built.status !== 0 || !existsSync(partial)) return undefined;
  renameSync(partial, binary);
  return binary;
}

/** Probes once per process: can we bind-mount over /opt inside a namespace of our own? */
export function mountNamespacesAvailable(): boolean {
  if (available !== undefined) return available;
  available = false;
  if (process.platform !== 'linux' || process.env.LAMBDA_DOJO_ISOLATION === 'none' || !existsSync('/opt')) return available;
  const probe = mkdtempSync(join(tmpdir(), 'lambda-dojo-probe-'));
  try {
    const fast = buildLauncher();
    if (fast && spawnSync(fast, [probe, '-', 'true'], { stdio: 'ignore', timeout: 5_000 }).status === 0) launcher = fast;
    available = Boolean(launcher) || spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', 'mount --bind "$0" /opt', probe], { stdio: 'ignore', timeout: 5_000 }).status === 0;
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
 * when `tmp` is given, on /tmp. The launcher (or unshare and sh) execs in place, so the runtime
 * keeps the pid we watch and kill. Inside, the process runs as the namespace's root (uid 0), which is still our
 * own user outside.
 */
export function insideMountNamespace(plan: LaunchPlan, opt: string, tmp: string | undefined): LaunchPlan {
  if (launcher) return { ...plan, command: launcher, args: [opt, tmp ?? '-', plan.command, ...plan.args] };
  const mounts = tmp ? 'mount --bind "$1" /opt && mount --bind "$2" /tmp' : 'mount --bind "$1" /opt';
  return {
    ...plan,
    command: 'unshare',
    args: ['--user', '--map-root-user', '--mount', '--propagation', 'private', 'sh', '-c', `${mounts} && shift 2 && exec "$@"`, 'lambda-sandbox', opt, tmp ?? '-', plan.command, ...plan.args],
  };
}
