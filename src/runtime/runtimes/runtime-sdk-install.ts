// Installs the SDKs Lambda's runtimes include (runtime-sdks.ts) into the project's own .cache
// folder with each registry's ordinary client: npm for Node.js, pip for Python. An install goes
// into a fresh folder that takes the place of the old one only once it is complete, so a failed
// or interrupted install leaves nothing half-written.

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { allRuntimes } from './registry.ts';
import { installedRuntimeSdk, manifestName, runtimeSdkRoot, runtimeSdks, type InstalledRuntimeSdk, type RuntimeSdk } from './runtime-sdks.ts';

const run = promisify(execFile);

export type SdkSetupResult =
  | { family: string; ok: true; installed: InstalledRuntimeSdk; fresh: boolean }
  | { family: string; ok: false; problem: string };

/** Installs every SDK that is missing or pinned differently; reports each, never throws. */
export async function ensureRuntimeSdks(log: (line: string) => void): Promise<SdkSetupResult[]> {
  const results: SdkSetupResult[] = [];
  for (const sdk of runtimeSdks()) {
    const present = installedRuntimeSdk(sdk);
    if (present) {
      results.push({ family: sdk.family, ok: true, installed: present, fresh: false });
      continue;
    }
    const where = relative(process.cwd(), sdk.folder) || sdk.folder;
    log(`Installing ${sdk.title} for the ${sdk.family} runtimes into ${where} (${Object.keys(sdk.packages).length} package(s), once)...`);
    const started = Date.now();
    try {
      const installed = await install(sdk);
      log(`  done in ${Math.round((Date.now() - started) / 1000)} s.`);
      results.push({ family: sdk.family, ok: true, installed, fresh: true });
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      log(`  ${problem}`);
      results.push({ family: sdk.family, ok: false, problem });
    }
  }
  return results;
}

async function install(sdk: RuntimeSdk): Promise<InstalledRuntimeSdk> {
  mkdirSync(runtimeSdkRoot, { recursive: true });
  sweepAbandoned(sdk);
  const partial = `${sdk.folder}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    const installed = sdk.family === 'nodejs' ? await npmInstall(sdk, partial) : await pipInstall(sdk, partial);
    const manifest: InstalledRuntimeSdk = { family: sdk.family, pinned: sdk.packages, installed, installedAt: new Date().toISOString() };
    writeFileSync(join(partial, manifestName), `${JSON.stringify(manifest, null, 2)}\n`);
    rmSync(sdk.folder, { recursive: true, force: true });
    try {
      renameSync(partial, sdk.folder);
    } catch (error) {
      // Another process (a second test run) finished the same install first: keep its copy.
      const theirs = installedRuntimeSdk(sdk);
      if (!theirs) throw error;
      return theirs;
    }
    return manifest;
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

/** Removes what an install killed half-way left behind (its process is gone). */
function sweepAbandoned(sdk: RuntimeSdk): void {
  const prefix = `${sdk.family}.partial-`;
  for (const entry of readdirSync(runtimeSdkRoot)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length));
    if (pid !== process.pid && !alive(pid)) rmSync(join(runtimeSdkRoot, entry), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The child's environment without the settings of an outer `npm install` that would redirect this one. */
function npmEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['npm_config_global', 'npm_config_prefix', 'npm_config_location', 'npm_config_dry_run', 'npm_config_package_lock_only']) delete env[key];
  return env;
}

async function npmInstall(sdk: RuntimeSdk, folder: string): Promise<Record<string, string>> {
  const manifest = { name: 'lambda-dojo-runtime-sdk', private: true, description: `${sdk.title}, as Lambda's ${sdk.family} runtimes include it`, dependencies: sdk.packages };
  writeFileSync(join(folder, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // Under `npm install` (postinstall) npm_execpath is the npm that runs us: use the same one.
  const npmCli = process.env.npm_execpath;
  const [command, prefix] = npmCli && /npm-cli\.js$/.test(npmCli) ? [process.execPath, [npmCli]] : ['npm', []];
  const args = [...prefix, 'install', '--prefix', folder, '--no-audit', '--no-fund', '--loglevel=error'];
  try {
    await run(command, args, { env: npmEnvironment(), maxBuffer: 16 * 1024 * 1024, timeout: 15 * 60_000 });
  } catch (error) {
    throw new Error(`npm could not install ${sdk.title} (${describe(error)}). Check the network or the npm registry setting, then run npm run setup.`);
  }
  return nodePackageVersions(join(folder, 'node_modules'));
}

function nodePackageVersions(nodeModules: string): Record<string, string> {
  const versions: Record<string, string> = {};
  const read = (dir: string, name: string) => {
    const file = join(dir, 'package.json');
    if (existsSync(file)) versions[name] = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  };
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) for (const inner of readdirSync(join(nodeModules, entry))) read(join(nodeModules, entry, inner), `${entry}/${inner}`);
    else read(join(nodeModules, entry), entry);
  }
  return versions;
}

async function pipInstall(sdk: RuntimeSdk, folder: string): Promise<Record<string, string>> {
  const python = await allRuntimes().find((d) => d.family === 'python')?.detect();
  if (!python) throw new Error(`Python 3 was not found, so ${sdk.title} cannot be installed: install python3 (and python3-pip), then run npm run setup.`);
  const pins = Object.entries(sdk.packages).map(([name, version]) => `${name}==${version}`);
  // --target installs into our folder only, whatever the interpreter's own site-packages allow.
  const args = ['-m', 'pip', 'install', '--target', folder, '--disable-pip-version-check', '--no-warn-script-location', '--quiet', ...pins];
  try {
    await run(python.command, args, { maxBuffer: 16 * 1024 * 1024, timeout: 15 * 60_000 });
  } catch (error) {
    const text = describe(error);
    if (/No module named pip/.test(text)) {
      throw new Error(`pip is missing for ${python.command}, so ${sdk.title} cannot be installed: sudo apt-get install python3-pip (Debian, Ubuntu) or python3 -m ensurepip, then run npm run setup.`);
    }
    throw new Error(`pip could not install ${sdk.title} (${text}). Check the network or the pip index setting, then run npm run setup.`);
  }
  const versions: Record<string, string> = {};
  for (const entry of readdirSync(folder)) {
    const match = /^(.+)-([^-]+)\.dist-info$/.exec(entry);
    if (match) versions[match[1]!.toLowerCase().replaceAll('_', '-')] = match[2]!;
  }
  return versions;
}

/** The last lines a failed command printed, enough to tell a network error from a bad pin. */
function describe(error: unknown): string {
  const e = error as { code?: number | string; stderr?: string; message?: string };
  const tail = (e.stderr ?? e.message ?? String(error)).trim().split('\n').slice(-3).join(' ').slice(0, 400);
  return `exit ${e.code ?? '?'}: ${tail}`;
}
