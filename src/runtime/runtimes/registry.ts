// The runtimes this service can run, and how each starts its bootstrap on this machine.
// Managed runtimes run on the local toolchain; when its version differs from the one the
// function asked for, the cold start says so in the logs rather than hiding it.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Toolchain {
  /** The command that runs the bootstrap (an absolute path, or a name on PATH). */
  command: string;
  /** The toolchain's own version, e.g. "24.21.0" or "3.11.7". */
  version: string;
}

export interface LaunchPlan {
  command: string;
  args: string[];
}

export interface RuntimeDefinition {
  /** Lambda's identifier: "nodejs22.x", "python3.12". */
  id: string;
  family: string;
  /** The language version this identifier stands for on Lambda: "22", "3.12". */
  languageVersion: string;
  /** Finds the local toolchain; undefined when the machine lacks it. */
  detect(): Promise<Toolchain | undefined>;
  /** How to start the bootstrap for a function whose code sits in taskRoot. */
  launch(toolchain: Toolchain, taskRoot: string): LaunchPlan;
  /** What to run to install the toolchain, shown when it is missing. */
  installHint: string;
}

function runtimeDir(family: string): string {
  return fileURLToPath(new URL(`./${family}/`, import.meta.url));
}

/** Runs `command args` and returns the first version number it prints, or undefined. */
async function versionOf(command: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run(command, args, { timeout: 10_000 });
    return /(\d+\.\d+(?:\.\d+)?)/.exec(`${stdout}\n${stderr}`)?.[1];
  } catch {
    return undefined;
  }
}

const detected = new Map<string, Promise<Toolchain | undefined>>();

/** Toolchain detection runs a process; do it once per family and process. */
function once(family: string, find: () => Promise<Toolchain | undefined>): Promise<Toolchain | undefined> {
  let found = detected.get(family);
  if (!found) {
    found = find();
    detected.set(family, found);
  }
  return found;
}

const nodeToolchain = (): Promise<Toolchain | undefined> =>
  once('nodejs', async () => ({ command: process.execPath, version: process.versions.node }));

const pythonToolchain = (): Promise<Toolchain | undefined> =>
  once('python', async () => {
    // Ask python3 for its real executable: version managers (pyenv, asdf) put a shell-script
    // shim first on PATH, and starting through it would double every cold start.
    try {
      const { stdout } = await run('python3', ['-c', 'import sys, platform; print(sys.executable); print(platform.python_version())'], { timeout: 10_000 });
      const [command, version] = stdout.trim().split('\n');
      return command && version ? { command, version } : undefined;
    } catch {
      return undefined;
    }
  });

function nodejs(major: string): RuntimeDefinition {
  return {
    id: `nodejs${major}.x`,
    family: 'nodejs',
    languageVersion: major,
    detect: nodeToolchain,
    launch: (toolchain) => ({ command: toolchain.command, args: [`${runtimeDir('nodejs')}bootstrap.mjs`] }),
    installHint: 'Node.js runs the course itself: run npm install in the project folder.',
  };
}

function python(minor: string): RuntimeDefinition {
  return {
    id: `python${minor}`,
    family: 'python',
    languageVersion: minor,
    detect: pythonToolchain,
    // -u: unbuffered stdio, so print() output is in the log even when the handler is killed.
    // -B: no __pycache__ in the task root (read-only on Lambda). -X utf8: UTF-8 stdio whatever
    // the host's locale, as on Lambda. -E is not used: PYTHONPATH belongs to the function.
    launch: (toolchain) => ({ command: toolchain.command, args: ['-u', '-B', '-X', 'utf8', `${runtimeDir('python')}bootstrap.py`] }),
    installHint: 'Install Python 3: apt-get install python3 (Debian, Ubuntu) or brew install python (macOS).',
  };
}

// Supported identifiers. Source: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
const definitions: RuntimeDefinition[] = [
  nodejs('20'),
  nodejs('22'),
  nodejs('24'),
  python('3.9'),
  python('3.10'),
  python('3.11'),
  python('3.12'),
  python('3.13'),
];

export function runtimeIds(): string[] {
  return definitions.map((d) => d.id);
}

export function findRuntime(id: string): RuntimeDefinition | undefined {
  return definitions.find((d) => d.id === id);
}

/** True when the local toolchain is the version the runtime identifier names. */
export function versionMatches(definition: RuntimeDefinition, toolchain: Toolchain): boolean {
  return toolchain.version === definition.languageVersion || toolchain.version.startsWith(`${definition.languageVersion}.`);
}
