// What every runtime definition shares: the shape of a definition, toolchain detection, and
// the build cache for compiled languages.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const run = promisify(execFile);

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

/** Toolchain detection runs a process; do it once per family and process. */
export function detectOnce(family: string, find: () => Promise<Toolchain | undefined>): Promise<Toolchain | undefined> {
  let found = detected.get(family);
  if (!found) {
    found = find();
    detected.set(family, found);
  }
  return found;
}

/** Per operating system, how to install a missing toolchain. */
export function installHint(apt: string, brew: string): string {
  return `Install it: sudo apt-get install ${apt} (Debian, Ubuntu) or brew install ${brew} (macOS), then run npm run doctor.`;
}
