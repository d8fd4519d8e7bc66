// What every runtime definition shares: the shape of a definition, toolchain detection (kept
// between processes, keyed by the identity of the binaries it ran), and the build cache for
// compiled languages.

import { AsyncLocalStorage } from 'node:async_hooks';
import { execFile, type ExecFileOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The commands a toolchain probe ran (bare names as found on PATH): what its cached answer depends on. */
const probeCommands = new AsyncLocalStorage<Set<string>>();

/** Runs a command to completion and returns its output as text (rejects on a non-zero exit). */
export function run(command: string, args: string[], options: ExecFileOptions = {}): Promise<{ stdout: string; stderr: string }> {
  probeCommands.getStore()?.add(command);
  return execFileAsync(command, args, { ...options, encoding: 'utf8' });
}

export interface Toolchain {
  /** The command that runs the bootstrap (an absolute path, or a name on PATH). */
  command: string;
  /** The toolchain's own version, e.g. "24.21.0" or "3.11.7". */
  version: string;
  /** Other commands the runtime needs (a compiler next to the interpreter, say). */
  tools?: Record<string, string>;
}

export interface LaunchPlan {
  command: string;
  args: string[];
  /** Extra variables the runtime needs (a class path, say); the function's own come on top. */
  env?: Record<string, string>;
  /** The runtime's own files (LAMBDA_RUNTIME_DIR); custom runtimes have none. */
  runtimeDir?: string;
  /**
   * Why Lambda could not even start this runtime (a missing or non-executable bootstrap), in
   * Lambda's words: the environment then fails init with Runtime.InvalidEntrypoint, no process runs.
   */
  entrypointError?: string;
}

export interface BuildRequest {
  /** The function's code as deployed (a copy the build may read, not change). */
  source: string;
  /** An empty folder to put the built package in: this is what the environments run. */
  output: string;
  toolchain: Toolchain;
  handler: string;
  /** The function's layers, extracted, in order: libraries the code may compile against (e.g. java/lib/*.jar). */
  layers: string[];
}

export interface RuntimeDefinition {
  /** Lambda's identifier: "nodejs22.x", "python3.12". */
  id: string;
  family: string;
  /** The language version this identifier stands for on Lambda: "22", "3.12". */
  languageVersion: string;
  /** Finds the local toolchain; undefined when the machine lacks it. */
  detect(): Promise<Toolchain | undefined>;
  /** Compiles the code once per distinct source; absent for interpreted languages. Throws CodeBuildError. */
  build?(request: BuildRequest): Promise<void>;
  /** How to start the bootstrap for a function whose (built) code sits in taskRoot. */
  launch(toolchain: Toolchain, taskRoot: string): LaunchPlan;
  /** What to run to install the toolchain, shown when it is missing. */
  installHint: string;
}

/** The folder of one language's bootstrap, with a trailing separator. */
export function runtimeDir(family: string): string {
  return fileURLToPath(new URL(`./${family}/`, import.meta.url));
}

/** Runs `command args` and returns the first version number it prints, or undefined. */
export async function versionOf(command: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run(command, args, { timeout: 10_000 });
    return /(\d+\.\d+(?:\.\d+)?)/.exec(`${stdout}\n${stderr}`)?.[1];
  } catch {
    return undefined;
  }
}

const detected = new Map<string, Promise<Toolchain | undefined>>();

/**
 * Toolchain detection runs a process (through a version manager's shim, that alone can cost
 * 100 ms), so it runs once per family and process, and its answer is kept on disk for the next
 * process while the binaries it ran and found are the same files (path, size, mtime).
 */
export function detectOnce(family: string, find: () => Promise<Toolchain | undefined>): Promise<Toolchain | undefined> {
  let found = detected.get(family);
  if (!found) {
    found = detectThroughCache(family, find);
    detected.set(family, found);
  }
  return found;
}

interface CachedProbe {
  /** The identities the answer depends on; the answer holds while each is unchanged. */
  identities: Record<string, string>;
  toolchain: Toolchain;
  savedAt: number;
}

const cacheFile = () => process.env.LAMBDA_DOJO_TOOLCHAIN_CACHE ?? join(homedir(), '.cache', 'lambda-dojo', 'toolchains.json');
const maxCachedProbes = 32;

async function detectThroughCache(family: string, find: () => Promise<Toolchain | undefined>): Promise<Toolchain | undefined> {
  const key = contextKey(family);
  const cached = readProbeCache()[key];
  if (cached && Object.entries(cached.identities).every(([what, identity]) => currentIdentity(what) === identity)) return cached.toolchain;
  const commands = new Set<string>();
  const toolchain = await probeCommands.run(commands, find);
  // Only probes that ran bare commands found on PATH are kept: an absolute path chosen by other
  // means (a JDK found under /usr/lib/jvm) could change without any file we know of changing.
  if (toolchain && commands.size > 0 && [...commands].every((c) => !c.includes('/'))) {
    const paths = [toolchain.command, ...Object.values(toolchain.tools ?? {})].filter((p) => isAbsolute(p));
    const identities = Object.fromEntries([...[...commands].map((c) => `command:${c}`), ...paths.map((p) => `file:${p}`)].map((what) => [what, currentIdentity(what)]));
    if (Object.values(identities).every((identity) => identity !== 'missing')) saveProbe(key, { identities, toolchain, savedAt: Date.now() });
  }
  return toolchain;
}

/** What else decides which binary a bare name runs: PATH, version managers' settings and files, the runtime's own sources. */
function contextKey(family: string): string {
  const hash = createHash('sha256').update(family);
  for (const [name, value] of Object.entries(process.env).sort()) {
    if (/^(PATH|HOME|JAVA_HOME|GOROOT|GOPATH|GOFLAGS|VIRTUAL_ENV|CONDA_PREFIX|PYTHONHOME|GEM_HOME|LAMBDA_DOJO_BUILD_CACHE|(PYENV|RBENV|ASDF|MISE|RTX|NODENV|GOENV|JENV|SDKMAN)_\w+)$/.test(name)) hash.update(`${name}=${value}\n`);
  }
  for (const file of versionFiles()) hash.update(`${file}:${fileIdentity(file)}\n`);
  const folder = runtimeDir(family.replace(/\..*$/, ''));
  for (const file of filesUnder(folder)) hash.update(`${file}:${fileIdentity(file)}\n`);
  return hash.digest('hex');
}

/** The files version managers (pyenv, rbenv, asdf, mise) read to pick a version: the nearest ones up from here, and the global ones. */
function versionFiles(): string[] {
  const names = ['.python-version', '.ruby-version', '.tool-versions', '.mise.toml', 'mise.toml', '.java-version', '.go-version'];
  const files: string[] = [];
  for (let folder = process.cwd(); ; folder = dirname(folder)) {
    for (const name of names) files.push(join(folder, name));
    if (dirname(folder) === folder) break;
  }
  const home = homedir();
  files.push(join(process.env.PYENV_ROOT ?? join(home, '.pyenv'), 'version'), join(process.env.RBENV_ROOT ?? join(home, '.rbenv'), 'version'), join(home, '.config', 'mise', 'config.toml'));
  return files;
}

function filesUnder(folder: string): string[] {
  try {
    return readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort().map((name) => join(folder, name));
  } catch {
    return [];
  }
}

function fileIdentity(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
  } catch {
    return 'missing';
  }
}

/** "command:python3" is the file PATH finds for that name; "file:/usr/bin/python3.11" is that file. */
function currentIdentity(what: string): string {
  const [kind, name] = [what.slice(0, what.indexOf(':')), what.slice(what.indexOf(':') + 1)];
  if (kind === 'file') return fileIdentity(name);
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    const path = join(folder, name);
    const identity = fileIdentity(path);
    if (identity !== 'missing' && !statSync(path).isDirectory()) return `${path}:${identity}`;
  }
  return 'missing';
}

function readProbeCache(): Record<string, CachedProbe> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(cacheFile(), 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, CachedProbe>) : {};
  } catch {
    return {};
  }
}

/** Written to a temporary file and renamed over the old one, so a reader never sees half a file. */
function saveProbe(key: string, probe: CachedProbe): void {
  const file = cacheFile();
  const entries = Object.entries({ ...readProbeCache(), [key]: probe })
    .sort(([, a], [, b]) => b.savedAt - a.savedAt)
    .slice(0, maxCachedProbes);
  try {
    mkdirSync(dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(Object.fromEntries(entries)));
    renameSync(partial, file);
  } catch {
    // A read-only home: detection still works, only slower next time.
  }
}

/** Per operating system, how to install a missing toolchain. */
export function installHint(apt: string, brew: string): string {
  return `Install it: sudo apt-get install ${apt} (Debian, Ubuntu) or brew install ${brew} (macOS), then run npm run doctor.`;
}
