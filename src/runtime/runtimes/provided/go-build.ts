// Go on Lambda: the function is a binary named bootstrap, built from a main package that calls
// lambda.Start (docs: golang-package.html). Here build() compiles the learner's package with the
// local Go, offline: the github.com/aws/aws-lambda-go module it imports is our own small
// stand-in (./go), wired in with a go.mod replace directive in a temporary copy of the code, as
// is lambdadojo.local/kms (./go-kms), the local KMS helper.

import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { CodeBuildError } from '../../errors.ts';
import { run, runtimeDir, versionOf, type BuildRequest } from '../toolchain.ts';

/**
 * The modules the build supplies from this folder, each with a replace directive: our stand-in
 * for aws-lambda-go (at the release whose API it follows), and the local KMS helper
 * (lambdadojo.local/kms, see go-kms/), which exists only here.
 */
const localModules = [
  { path: 'github.com/aws/aws-lambda-go', version: 'v1.47.0', dir: () => `${runtimeDir('provided')}go` },
  { path: 'lambdadojo.local/kms', version: 'v0.0.0', dir: () => `${runtimeDir('provided')}go-kms` },
];

let goFound: Promise<{ command: string; version: string } | undefined> | undefined;

/** The machine's go command and its version ("1.19.8"), or undefined; looked up once. */
export function findGo(): Promise<{ command: string; version: string } | undefined> {
  goFound ??= versionOf('go', ['version']).then((version) => (version ? { command: 'go', version } : undefined));
  return goFound;
}

/** A Go main package sits at the top of the code folder: go.mod or .go files. */
export function holdsGoSource(folder: string): boolean {
  return readdirSync(folder).some((name) => name === 'go.mod' || (name.endsWith('.go') && statSync(join(folder, name)).isFile()));
}

/**
 * The learner's go.mod made buildable offline: the replace directives for aws-lambda-go and the KMS helper added,
 * a go line newer than the local Go lowered to it, and lines the local Go cannot read dropped.
 * Without a go.mod, one is written. The learner's own file is never changed.
 */
export function buildableGoMod(original: string | undefined, goVersion: string): string {
  const [major = 1, minor = 0] = goVersion.split('.').map(Number);
  const local = `${major}.${minor}`;
  const lines = (original ?? 'module function\n').split(/\r?\n/);
  const kept: string[] = [];
  let inBlock: string | undefined;
  const required = new Set<string>();
  const moduleOf = (text: string) => localModules.find((m) => text === m.path || text.startsWith(`${m.path} `));
  let sawGo = false;
  for (const line of lines) {
    const text = line.trim();
    const newer = /^(toolchain|tool|ignore|godebug)\b/; // directives Go 1.19 cannot read
    if (inBlock) {
      const dropped = newer.test(`${inBlock} `);
      if (text === ')') inBlock = undefined;
      else if (inBlock === 'replace' && moduleOf(text)) continue;
      else if (inBlock === 'require' && moduleOf(text)) required.add(moduleOf(text)!.path);
      if (!dropped) kept.push(line);
      continue;
    }
    const block = /^(\w+)\s*\($/.exec(text);
    if (block) {
      inBlock = block[1];
      if (!newer.test(`${inBlock} `)) kept.push(line);
      continue;
    }
    if (newer.test(text)) continue;
    const directive = /^(require|replace)\s+(.*)$/.exec(text);
    const named = directive ? moduleOf(directive[2]!) : undefined;
    if (named && directive![1] === 'replace') continue;
    if (named) required.add(named.path);
    const go = /^go\s+(\d+)\.(\d+)/.exec(text);
    if (go) {
      sawGo = true;
      const newer = Number(go[1]) > major || (Number(go[1]) === major && Number(go[2]) > minor);
      kept.push(newer ? `go ${local}` : `go ${go[1]}.${go[2]}`);
      continue;
    }
    kept.push(line);
  }
  if (!sawGo) kept.push(`go ${local}`);
  // A required module the code does not import costs nothing: go build leaves it alone.
  for (const m of localModules) if (!required.has(m.path)) kept.push(`require ${m.path} ${m.version}`);
  for (const m of localModules) kept.push(`replace ${m.path} => ${m.dir()}`);
  kept.push('');
  return kept.join('\n');
}

/** The first `file.go:line:col:` the compiler names, relative to the code folder. */
export function firstErrorLocation(output: string): { file: string; line: number } | undefined {
  const match = /^(?:\.\/)?([^\s:][^:\n]*\.(?:go|mod)):(\d+)(?::\d+)?:/m.exec(output);
  return match ? { file: match[1]!, line: Number(match[2]) } : undefined;
}

/** An ELF or Mach-O executable, as the kernel would start it. */
function isProgram(file: string): boolean {
  if (!existsSync(file)) return false;
  const magic = readFileSync(file).subarray(0, 4).toString('hex');
  return magic === '7f454c46' || magic === 'cffaedfe';
}

export async function buildGo(request: BuildRequest): Promise<void> {
  const go = request.toolchain.tools?.go;
  const goVersion = request.toolchain.tools?.goVersion;
  if (!go || !goVersion) {
    throw new CodeBuildError(
      'This function is Go code, and building it needs Go, which was not found on this machine. Install it: sudo apt-get install golang-go (Debian, Ubuntu) or brew install go (macOS), then run npm run doctor.',
      '',
    );
  }
  const work = mkdtempSync(join(tmpdir(), 'lambda-dojo-go-'));
  try {
    cpSync(request.source, work, { recursive: true, verbatimSymlinks: true });
    const goMod = join(work, 'go.mod');
    writeFileSync(goMod, buildableGoMod(existsSync(goMod) ? readFileSync(goMod, 'utf8') : undefined, goVersion));
    rmSync(join(work, 'vendor'), { recursive: true, force: true });
    const cacheRoot = dirname(request.output);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CGO_ENABLED: '0',
      // For this machine, whatever GOOS/GOARCH the learner's shell sets for cross-compiling to Lambda.
      GOOS: process.platform === 'darwin' ? 'darwin' : 'linux',
      GOARCH: process.arch === 'arm64' ? 'arm64' : 'amd64',
      GOFLAGS: '-mod=mod',
      GOPROXY: 'off',
      GOSUMDB: 'off',
      GOTOOLCHAIN: 'local',
      GOWORK: 'off',
      // Compiled packages are kept between builds, so the standard library is compiled once.
      GOCACHE: join(cacheRoot, 'go-build-cache'),
    };
    try {
      // -trimpath: no temporary folder names in stack traces; -s -w: a smaller binary to copy on each cold start.
      await run(go, ['build', '-trimpath', '-buildvcs=false', '-ldflags=-s -w', '-o', join(request.output, 'bootstrap'), '.'], {
        cwd: work,
        env,
        timeout: 300_000,
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (error) {
      const failure = error as { stdout?: string; stderr?: string; message: string };
      const output = `${failure.stderr ?? ''}${failure.stdout ?? ''}`.replaceAll(`${work}/`, '').replaceAll(work, '.').trim() || failure.message;
      const where = firstErrorLocation(output);
      const offline = /GOPROXY=off|module lookup disabled/.test(output)
        ? ' Only the standard library, github.com/aws/aws-lambda-go (lambda, lambdacontext, events) and lambdadojo.local/kms are available here: modules are not downloaded.'
        : '';
      throw new CodeBuildError(
        `The Go code did not compile${where ? ` (${where.file}, line ${where.line})` : ''}.${offline}\n${output}`,
        output,
        where,
      );
    }
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
