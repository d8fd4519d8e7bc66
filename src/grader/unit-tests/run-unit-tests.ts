// Runs a learner's own unit tests of the core of a function on this machine, the way a developer
// runs them before deploying: in an empty folder that holds only the core and its tests (no
// handler, no Lambda library), with the language's usual test runner. So a test that passes here
// passed without Lambda, and a core that needs Lambda does not even load. Used by lab 16.
//
// Runners: node --test (https://nodejs.org/api/test.html), python -m unittest
// (https://docs.python.org/3/library/unittest.html), Minitest (bundled with Ruby), go test,
// JUnit 5 (its console launcher, which Maven fetches once from Maven Central: a whole `mvn test`
// takes tens of seconds per run on a busy machine), and for C# an xUnit-shaped stand-in
// (./Xunit.cs) compiled with Mono, since NuGet is out of reach here.

import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Toolchain } from '../../runtime/service.ts';
import type { Language } from '../lab-types.ts';

export interface UnitTestRun {
  /** Tests that ran (skipped ones not counted). */
  ran: number;
  failed: number;
  /** True when the runner finished, at least one test ran, and none failed. */
  passed: boolean;
  /** What the runner printed, trimmed to its last lines. */
  output: string;
  /** The command, as a learner would type it. */
  command: string;
}

export interface CoreFiles {
  /** The core's files, relative to the code folder. */
  core: string[];
  /** The unit tests' files, relative to the code folder. */
  tests: string[];
}

interface Result {
  code: number;
  output: string;
}

const tail = (text: string, lines = 40) => text.replace(/\u001b\[[0-9;]*m/g, '').trim().split('\n').slice(-lines).join('\n');

function exec(command: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}, timeout = 120_000): Promise<Result> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...process.env, ...env }, timeout, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      const why = error && typeof error.code !== 'number' ? `\n${error.message}` : '';
      resolve({ code, output: `${stdout}${stderr}${why}` });
    });
  });
}

/** Copies the named files (relative paths) from the code folder into a fresh folder; missing ones are listed. */
function isolate(codeFolder: string, files: string[], replacements: Record<string, string> = {}): { folder: string; missing: string[] } {
  const folder = mkdtempSync(join(tmpdir(), 'lambda-dojo-unit-'));
  const missing: string[] = [];
  for (const file of files) {
    const target = join(folder, file);
    mkdirSync(dirname(target), { recursive: true });
    if (replacements[file] !== undefined) copyFileSync(replacements[file]!, target);
    else if (existsSync(join(codeFolder, file)) && statSync(join(codeFolder, file)).isFile()) copyFileSync(join(codeFolder, file), target);
    else missing.push(file);
  }
  return { folder, missing };
}

const here = dirname(fileURLToPath(import.meta.url));

/**
 * JUnit's console launcher, with the Jupiter API and engine inside: the version the labs' pom.xml
 * files name for junit-jupiter (5.14.4 goes with platform 1.14.4).
 */
export const junitConsole = { group: 'org.junit.platform', artifact: 'junit-platform-console-standalone', version: '1.14.4' };
/** The dependency plugin the Java runtime pins too (src/runtime/runtimes/java/maven.ts). */
const dependencyPlugin = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get';

function findOnPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(folder, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The console launcher's jar in Maven's local repository, fetched once (offline first) when missing. */
export async function junitConsoleJar(javaHome: string | undefined): Promise<string | { problem: string }> {
  const { group, artifact, version } = junitConsole;
  const jar = join(process.env.LAMBDA_DOJO_MAVEN_REPO ?? join(homedir(), '.m2', 'repository'), ...group.split('.'), artifact, version, `${artifact}-${version}.jar`);
  if (existsSync(jar)) return jar;
  const mvn = findOnPath('mvn');
  if (!mvn) return { problem: 'Maven (mvn) is needed once, to fetch JUnit: sudo apt-get install maven (Debian, Ubuntu) or brew install maven (macOS).' };
  const args = ['-B', '-q', dependencyPlugin, `-Dartifact=${group}:${artifact}:${version}`];
  const env = javaHome ? { JAVA_HOME: javaHome } : {};
  let result = await exec(mvn, ['-o', ...args], tmpdir(), env, 300_000);
  if (result.code !== 0 || !existsSync(jar)) result = await exec(mvn, args, tmpdir(), env, 300_000);
  return existsSync(jar) ? jar : { problem: `Maven could not fetch ${group}:${artifact}:${version} into ${dirname(jar)}:\n${tail(result.output, 12)}` };
}

/** Quicker start for short-lived JVMs (javac, the launcher), as the Java runtime's own builds use. */
const quickJvm = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto'];

function goModule(codeFolder: string): { name: string; go: string } {
  const text = existsSync(join(codeFolder, 'go.mod')) ? readFileSync(join(codeFolder, 'go.mod'), 'utf8') : '';
  return { name: /^module\s+(\S+)/m.exec(text)?.[1] ?? 'function', go: /^go\s+(\S+)/m.exec(text)?.[1] ?? '1.22' };
}

const goEnv = () => ({ GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', GOCACHE: process.env.LAMBDA_DOJO_GO_CACHE ?? join(homedir(), '.cache', 'lambda-dojo', 'go-build') });

/**
 * Compiles Go's testing package into the shared build cache with a one-test module, so a learner's
 * first `go test` here does not pay for it (a minute on a busy machine the first time).
 */
export async function warmGoTestCache(go = 'go'): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'lambda-dojo-go-test-'));
  try {
    writeFileSync(join(folder, 'go.mod'), 'module warm\n\ngo 1.22\n');
    writeFileSync(join(folder, 'warm_test.go'), 'package warm\n\nimport "testing"\n\nfunc TestWarm(t *testing.T) {}\n');
    const result = await exec(go, ['test', '-count=1', './...'], folder, goEnv(), 600_000);
    if (result.code !== 0) throw new Error(`go test of an empty module failed:\n${tail(result.output, 12)}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Runs the tests in an isolated copy. `replacements` swaps a file of the copy for another (the
 * grader's broken core, to see whether the tests notice).
 */
export async function runUnitTests(language: Language, toolchain: Toolchain, codeFolder: string, files: CoreFiles, replacements: Record<string, string> = {}): Promise<UnitTestRun & { missing: string[] }> {
  const { folder, missing } = isolate(codeFolder, [...files.core, ...files.tests], replacements);
  const done = (command: string, result: Result, counts: { ran: number; failed: number }) => ({
    ...counts,
    passed: result.code === 0 && counts.ran > 0 && counts.failed === 0,
    output: tail(result.output),
    command,
    missing,
  });
  try {
    if (missing.length > 0) return { ran: 0, failed: 0, passed: false, output: '', command: '', missing };
    switch (language) {
      case 'nodejs': {
        const result = await exec(toolchain.command, ['--test', '--test-reporter=tap', ...files.tests], folder);
        const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)`, 'm').exec(result.output)?.[1] ?? 0);
        return done(`node --test ${files.tests.join(' ')}`, result, { ran: count('tests') - count('skipped') - count('todo'), failed: count('fail') + count('cancelled') });
      }
      case 'python': {
        const modules = files.tests.map((f) => f.replace(/\.py$/, '').replaceAll('/', '.'));
        const result = await exec(toolchain.command, ['-m', 'unittest', '-v', ...modules], folder, { PYTHONDONTWRITEBYTECODE: '1' });
        const ran = Number(/^Ran (\d+) tests?/m.exec(result.output)?.[1] ?? 0);
        const failures = /FAILED \(([^)]*)\)/.exec(result.output)?.[1] ?? '';
        const failed = [...failures.matchAll(/(?:failures|errors)=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
        const skipped = Number(/skipped=(\d+)/.exec(result.output)?.[1] ?? 0);
        return done(`python -m unittest ${modules.join(' ')}`, result, { ran: ran - skipped, failed: result.code !== 0 && failed === 0 ? 1 : failed });
      }
      case 'ruby': {
        let ran = 0;
        let failed = 0;
        let last: Result = { code: 0, output: '' };
        for (const test of files.tests) {
          last = await exec(toolchain.command, ['-I', '.', test], folder);
          const m = /(\d+) runs, \d+ assertions, (\d+) failures, (\d+) errors, (\d+) skips/.exec(last.output);
          if (!m) return done(`ruby -I . ${test}`, last, { ran, failed: failed + 1 });
          ran += Number(m[1]) - Number(m[4]);
          failed += Number(m[2]) + Number(m[3]);
        }
        return done(`ruby -I . ${files.tests.join(' ')}`, last, { ran, failed });
      }
      case 'go': {
        const { name, go } = goModule(codeFolder);
        // A module of its own with no requirements: a core that imports a Lambda library does not build.
        writeFileSync(join(folder, 'go.mod'), `module ${name}\n\ngo ${go}\n`);
        const result = await exec(toolchain.tools?.go ?? 'go', ['test', '-count=1', '-v', './...'], folder, goEnv());
        const passes = result.output.match(/^\s*--- PASS: /gm)?.length ?? 0;
        const fails = result.output.match(/^\s*--- FAIL: /gm)?.length ?? 0;
        return done('go test ./...', result, { ran: passes + fails, failed: fails + (result.code !== 0 && fails === 0 ? 1 : 0) });
      }
      case 'java': {
        const javac = toolchain.tools?.javac ?? 'javac';
        const jar = await junitConsoleJar(toolchain.tools?.javaHome);
        if (typeof jar !== 'string') return { ran: 0, failed: 1, passed: false, output: jar.problem, command: 'JUnit 5', missing };
        const command = 'javac, then JUnit 5 (junit-platform-console-standalone execute --scan-class-path)';
        // The core compiles alone, with nothing on its class path: no Lambda library to lean on.
        const core = await exec(javac, [...quickJvm.map((f) => `-J${f}`), '-encoding', 'UTF-8', '-d', 'main', ...files.core], folder);
        if (core.code !== 0) return done(command, core, { ran: 0, failed: 1 });
        const tests = await exec(javac, [...quickJvm.map((f) => `-J${f}`), '-encoding', 'UTF-8', '-d', 'test', '-cp', ['main', jar].join(delimiter), ...files.tests], folder);
        if (tests.code !== 0) return done(command, tests, { ran: 0, failed: 1 });
        const result = await exec(toolchain.command, [...quickJvm, '-jar', jar, 'execute', '--class-path', ['main', 'test'].join(delimiter), '--scan-class-path', '--disable-banner', '--details=tree', '--disable-ansi-colors'], folder);
        const count = (name: string) => Number(new RegExp(`\\[\\s*(\\d+) tests ${name}\\s*\\]`).exec(result.output)?.[1] ?? 0);
        return done(command, result, { ran: count('started') - count('aborted'), failed: count('failed') + count('aborted') });
      }
      case 'dotnet': {
        const mcs = toolchain.tools?.mcs ?? 'mcs';
        // No reference to the runtime's Amazon.Lambda.Core.dll: a core that uses Lambda does not compile.
        const compiled = await exec(mcs, ['-nologo', '-target:exe', '-out:tests.exe', '-r:System.Core.dll', ...files.core, ...files.tests, join(here, 'Xunit.cs')], folder);
        if (compiled.code !== 0) return done('mcs ... && mono tests.exe', compiled, { ran: 0, failed: 1 });
        const result = await exec(toolchain.command, ['tests.exe'], folder);
        const m = /^tests: (\d+), failed: (\d+)$/m.exec(result.output);
        return done('mcs ... && mono tests.exe', result, { ran: Number(m?.[1] ?? 0), failed: Number(m?.[2] ?? (result.code === 0 ? 0 : 1)) });
      }
      default:
        return { ran: 0, failed: 1, passed: false, output: `No unit test runner for ${language}.`, command: '', missing };
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Loads or compiles the core alone, in an empty folder with no Lambda library, and checks that it
 * exposes `entry` (a function, or for compiled languages a type that compiles). Returns what went
 * wrong, or undefined when it stands alone.
 */
export async function loadCoreAlone(language: Language, toolchain: Toolchain, codeFolder: string, core: string[], entry: string): Promise<string | undefined> {
  const { folder, missing } = isolate(codeFolder, core);
  try {
    if (missing.length > 0) return `there is no ${missing.join(', ')}`;
    let result: Result;
    switch (language) {
      case 'nodejs':
        result = await exec(toolchain.command, ['--input-type=module', '-e', `const m = await import('./${core[0]}'); if (typeof m.${entry} !== 'function') { console.error('${core[0]} exports no function ${entry}'); process.exit(3); }`], folder);
        break;
      case 'python':
        result = await exec(toolchain.command, ['-c', `import ${core[0]!.replace(/\.py$/, '')} as m\nif not callable(getattr(m, '${entry}', None)):\n    raise SystemExit('${core[0]} has no function ${entry}')`], folder, { PYTHONDONTWRITEBYTECODE: '1' });
        break;
      case 'ruby':
        result = await exec(toolchain.command, ['-I', '.', '-e', `require './${core[0]}'\nabort('${core[0]} defines no Core.${entry}') unless defined?(Core) && Core.respond_to?(:${entry})`], folder);
        break;
      case 'go': {
        const { name, go } = goModule(codeFolder);
        writeFileSync(join(folder, 'go.mod'), `module ${name}\n\ngo ${go}\n`);
        result = await exec(toolchain.tools?.go ?? 'go', ['vet', './...'], folder, goEnv());
        break;
      }
      case 'java':
        result = await exec(toolchain.tools?.javac ?? 'javac', ['-encoding', 'UTF-8', '-d', 'classes', ...core], folder);
        break;
      case 'dotnet':
        result = await exec(toolchain.tools?.mcs ?? 'mcs', ['-nologo', '-target:library', '-out:core.dll', '-r:System.Core.dll', ...core], folder);
        break;
      default:
        return `no way to load a ${language} core alone`;
    }
    return result.code === 0 ? undefined : tail(result.output, 12) || `exit code ${result.code}`;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
