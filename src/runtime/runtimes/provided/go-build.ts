// Go on Lambda: the function is a binary named bootstrap, built from a main package that calls
// lambda.Start (docs: golang-package.html). build() compiles the learner's module with the local
// Go, as `go build` in their folder would: against the modules its go.mod names, from the Go
// module proxy, which for Lambda is AWS's own github.com/aws/aws-lambda-go (the labs and fixtures
// use v1.55.1, its newest release in December 2026; it needs Go 1.26 or newer).
//
// Caches: compiled packages go to one Go build cache for every build (goBuildCache()), so the
// standard library and aws-lambda-go are compiled once per machine, not once per function;
// modules come from Go's own module cache (GOMODCACHE), the one `go mod download` fills. A build
// first tries with the network off (GOPROXY=off), so a machine with the modules cached never
// waits for it; only a module missing there is fetched through the learner's GOPROXY.

import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { CodeBuildError } from '../../errors.ts';
import { run, runtimeDir, versionOf, type BuildRequest } from '../toolchain.ts';

/** The release of AWS's library the labs and fixtures require (go list -m -versions github.com/aws/aws-lambda-go). */
export const awsLambdaGoVersion = 'v1.55.1';

/** The oldest Go that builds it: its go.mod says `go 1.26`. */
export const minimumGo = '1.26';

let goFound: Promise<{ command: string; version: string } | undefined> | undefined;

/** The machine's go command and its version ("1.26.8"), or undefined; looked up once. */
export function findGo(): Promise<{ command: string; version: string } | undefined> {
  goFound ??= versionOf('go', ['version']).then((version) => (version ? { command: 'go', version } : undefined));
  return goFound;
}

/** A Go main package sits at the top of the code folder: go.mod or .go files. */
export function holdsGoSource(folder: string): boolean {
  return readdirSync(folder).some((name) => name === 'go.mod' || (name.endsWith('.go') && statSync(join(folder, name)).isFile()));
}

/**
 * The one Go build cache (GOCACHE) of every function build, beside the service's other caches.
 * Go's cache is safe for several builds at once and writes each entry whole.
 */
export function goBuildCache(): string {
  return process.env.LAMBDA_DOJO_GO_CACHE ?? join(homedir(), '.cache', 'lambda-dojo', 'go-build');
}

/** The first `file.go:line:col:` the compiler names, relative to the code folder. */
export function firstErrorLocation(output: string): { file: string; line: number } | undefined {
  const match = /^(?:\.\/)?([^\s:][^:\n]*\.(?:go|mod)):(\d+)(?::\d+)?:/m.exec(output);
  return match ? { file: match[1]!, line: Number(match[2]) } : undefined;
}

/** Output that means a module was not in the module cache and could not be fetched. */
const moduleMissing = /module lookup disabled by GOPROXY=off|missing go\.sum entry|verifying .*: .*GOPROXY=off/;
/** Output that means fetching a module failed for want of a network or a proxy. */
const fetchFailed = /GOPROXY=off|dial tcp|no such host|i\/o timeout|connection refused|network is unreachable|TLS handshake|proxyconnect|unexpected status \(\S+\): 5\d\d/;

/**
 * The modules a failed build was missing ("path@version"), named from Go's own lines: "go:
 * downloading path version", "path@version: Get ...", or else the import a file line points at.
 */
export function missingModules(output: string, work: string): string[] {
  const found = new Set<string>();
  for (const m of output.matchAll(/^go: downloading (\S+) (v\S+)$/gm)) found.add(`${m[1]}@${m[2]}`);
  for (const m of output.matchAll(/(?:^|\s)([a-z0-9.-]+\.[a-z]{2,}\/[^\s@:]+@v[^\s:]+):/gm)) found.add(m[1]!);
  for (const m of output.matchAll(/missing go\.sum entry for module providing package (\S+)/g)) found.add(m[1]!);
  if (found.size === 0) {
    for (const m of output.matchAll(/^(?:\.\/)?([^\s:]+\.go):(\d+):\d+: module lookup disabled/gm)) {
      const line = readFileSync(join(work, m[1]!), 'utf8').split('\n')[Number(m[2]) - 1] ?? '';
      const imported = /"([^"]+)"/.exec(line)?.[1];
      if (imported) found.add(imported);
    }
  }
  return [...found];
}

export async function buildGo(request: BuildRequest): Promise<void> {
  const go = request.toolchain.tools?.go;
  if (!go) {
    throw new CodeBuildError(`This function is Go code, and building it needs Go ${minimumGo} or newer, which was not found on this machine. ${goInstallHint}`, '');
  }
  if (!existsSync(join(request.source, 'go.mod'))) {
    const message =
      'The Go code has no go.mod: Go builds a Lambda function as a module, whose go.mod names github.com/aws/aws-lambda-go. ' +
      'Make one in the code folder: go mod init example.com/function && go mod tidy';
    throw new CodeBuildError(message, message);
  }
  // go build may add lines to go.mod and go.sum; those are the learner's files, so it builds a copy.
  const work = mkdtempSync(join(tmpdir(), 'lambda-dojo-go-'));
  try {
    cpSync(request.source, work, { recursive: true, verbatimSymlinks: true });
    supplyKmsHelper(work);
    // -trimpath: no temporary folder names in stack traces; -s -w: a smaller binary to copy on each cold start.
    await goCommand(go, work, ['build', '-trimpath', '-buildvcs=false', '-ldflags=-s -w', '-o', join(request.output, 'bootstrap'), '.']);
    if (!isProgram(join(request.output, 'bootstrap'))) {
      // go build writes a package archive, not a program, for a package other than main.
      rmSync(join(request.output, 'bootstrap'), { force: true });
      throw new CodeBuildError(
        'The Go code built no program: the code folder needs package main (and a module path other than a standard library package such as "context"), with a func main() that calls lambda.Start(handler).',
        '',
      );
    }
    // A Go .zip on Lambda holds bootstrap and whatever else was packed beside it (data files,
    // templates): everything but the Go sources goes into the package too.
    copyPackageFiles(request.source, request.output);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The environment of every go command here: one build cache, this machine's platform, the local Go. */
function goEnvironment(): NodeJS.ProcessEnv {
  const cache = goBuildCache();
  mkdirSync(cache, { recursive: true });
  return {
    ...process.env,
    CGO_ENABLED: '0',
    // For this machine, whatever GOOS/GOARCH the learner's shell sets for cross-compiling to Lambda.
    GOOS: process.platform === 'darwin' ? 'darwin' : 'linux',
    GOARCH: process.arch === 'arm64' ? 'arm64' : 'amd64',
    // -mod=mod: a go.sum that lacks a line is completed in the copy, as `go mod tidy` would.
    GOFLAGS: '-mod=mod',
    // The Go found on this machine builds; a go.mod that needs a newer one says so (see explain).
    GOTOOLCHAIN: 'local',
    GOWORK: 'off',
    GOCACHE: cache,
  };
}

/**
 * Runs a go command in a module folder, offline first (GOPROXY=off), so a machine with the
 * modules cached never waits for a network; only when a module is missing from the module cache
 * does it run again through the learner's own GOPROXY, as their go build would. Throws a
 * CodeBuildError that says what went wrong and what fixes it.
 */
async function goCommand(go: string, folder: string, args: string[]): Promise<void> {
  const env = goEnvironment();
  const attempt = (extra: NodeJS.ProcessEnv) => run(go, args, { cwd: folder, env: { ...env, ...extra }, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
  const outputOf = (error: unknown) => {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    return `${failure.stderr ?? ''}${failure.stdout ?? ''}`.replaceAll(`${folder}/`, '').replaceAll(folder, '.').trim() || failure.message;
  };
  try {
    await attempt({ GOPROXY: 'off' });
    return;
  } catch (offline) {
    const output = outputOf(offline);
    if (!moduleMissing.test(output)) throw await explain(output, folder, go, env);
  }
  try {
    await attempt({});
  } catch (online) {
    throw await explain(outputOf(online), folder, go, env);
  }
}

/**
 * Fetches the modules a Go module folder needs (such as a fixture of aws-lambda-go) and compiles
 * the packages it names, with the standard library below them, into the shared build cache, as a
 * function's build would: a later build then compiles only its own package. Safe to repeat: a
 * warm cache makes it a few hundred milliseconds.
 */
export async function prepareGoBuildCache(folder: string, packages: string[]): Promise<void> {
  const go = (await findGo())?.command;
  if (!go) throw new CodeBuildError(`Go ${minimumGo} or newer was not found on this machine. ${goInstallHint}`, '');
  const work = mkdtempSync(join(tmpdir(), 'lambda-dojo-go-'));
  try {
    cpSync(folder, work, { recursive: true });
    await goCommand(go, work, ['build', '-trimpath', '-buildvcs=false', ...packages]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export const goInstallHint = `Install Go ${minimumGo} or newer from https://go.dev/dl/ (Debian's and Ubuntu's golang-go packages are older) or with brew install go (macOS), then run npm run doctor.`;

/** One message for a failed build: a module that could not be fetched, a Go too old, or the compiler's errors. */
async function explain(output: string, work: string, go: string, env: NodeJS.ProcessEnv): Promise<CodeBuildError> {
  const tooOld = /(\S+) requires go >= ([\d.]+) \(running go ([\d.]+)/.exec(output);
  if (tooOld) {
    const message = `${tooOld[1]} requires Go ${tooOld[2]} or newer, and this machine has Go ${tooOld[3]}. ${goInstallHint}`;
    return new CodeBuildError(message, `${message}\n${output}`);
  }
  if (moduleMissing.test(output) || (fetchFailed.test(output) && /go: downloading|@v/.test(output))) {
    const missing = missingModules(output, work);
    const module = /^module\s+(\S+)/m.exec(readFileSync(join(work, 'go.mod'), 'utf8'))?.[1];
    let cacheFolder = 'the Go module cache';
    try {
      cacheFolder = (await run(go, ['env', 'GOMODCACHE'], { env, timeout: 10_000 })).stdout.trim() || cacheFolder;
    } catch {
      // the message still says what to run
    }
    const what = missing.length > 0 ? `the module${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` : 'a module the code imports';
    const message =
      `Go could not get ${what}: it is not in the module cache (${cacheFolder}), and downloading it failed (Go's words below). ` +
      `Run go mod download in the function's code folder (the one with go.mod${module ? `, module ${module}` : ''}) while online, then build again; after that, builds work offline.`;
    return new CodeBuildError(message, `${message}\n${output}`);
  }
  const where = firstErrorLocation(output);
  return new CodeBuildError(`The Go code did not compile${where ? ` (${where.file}, line ${where.line})` : ''}.\n${output}`, output, where);
}

/** Lab 8's local KMS helper (go-kms/), which no registry serves: the import path it answers to. */
const kmsHelper = 'lambdadojo.local/kms';

/** Code that imports the KMS helper gets it from this folder, through the copy's go.mod. */
function supplyKmsHelper(work: string): void {
  const imports = readdirSync(work).some((name) => name.endsWith('.go') && readFileSync(join(work, name), 'utf8').includes(`"${kmsHelper}"`));
  const goMod = readFileSync(join(work, 'go.mod'), 'utf8');
  if (!imports || /^replace\s+lambdadojo\.local\/kms\b/m.test(goMod)) return;
  const required = goMod.includes(`${kmsHelper} `) ? '' : `require ${kmsHelper} v0.0.0\n`;
  appendFileSync(join(work, 'go.mod'), `\n${required}replace ${kmsHelper} => ${runtimeDir('provided')}go-kms\n`);
}

/** An ELF or Mach-O executable, as the kernel would start it. */
function isProgram(file: string): boolean {
  if (!existsSync(file)) return false;
  const magic = readFileSync(file).subarray(0, 4).toString('hex');
  return magic === '7f454c46' || magic === 'cffaedfe';
}

function copyPackageFiles(source: string, output: string, folder = source): void {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    const target = join(output, relative(source, path));
    if (entry.isDirectory()) copyPackageFiles(source, output, path);
    else if (!/\.go$|^go\.(mod|sum|work)$/.test(entry.name) && relative(source, path) !== 'bootstrap') {
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
    }
  }
}
