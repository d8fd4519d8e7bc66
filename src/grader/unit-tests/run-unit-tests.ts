// Runs a learner's own unit tests of the core of a function on this machine, the way a developer
// runs them before deploying: in an empty folder that holds only the core and its tests (no
// handler, no Lambda library), with the language's usual test runner. So a test that passes here
// passed without Lambda, and a core that needs Lambda does not even load. Used by lab 16.
//
// Runners: node --test (https://nodejs.org/api/test.html), python -m unittest
// (https://docs.python.org/3/library/unittest.html), Minitest (bundled with Ruby), go test,
// JUnit 5 through Maven Surefire, and for C# an xUnit-shaped stand-in (./Xunit.cs) compiled with
// Mono, since NuGet is out of reach here.

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

/** The Maven project the grader runs Java tests in: JUnit 5 and Surefire, and nothing of Lambda. */
const javaPom = (release: number) => `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>lambdadojo</groupId>
  <artifactId>core-tests</artifactId>
  <version>1.0</version>
  <properties>
    <maven.compiler.release>${release}</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <version>${junitVersion}</version>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>${compilerVersion}</version>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-surefire-plugin</artifactId>
        <version>${surefireVersion}</version>
      </plugin>
    </plugins>
  </build>
</project>
`;
/** The versions the labs' pom.xml files name too (Maven Central, December 2026). */
export const junitVersion = '5.14.4';
export const surefireVersion = '3.5.4';
/** Maven 3.8's default compiler plugin (3.1) predates maven.compiler.release. */
export const compilerVersion = '3.13.0';

function findOnPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(folder, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Surefire's XML reports: tests, failures and errors, summed. */
function surefireCounts(folder: string): { ran: number; failed: number } | undefined {
  const reports = join(folder, 'target', 'surefire-reports');
  if (!existsSync(reports)) return undefined;
  let ran = 0;
  let failed = 0;
  for (const file of readdirSync(reports).filter((f) => /^TEST-.*\.xml$/.test(f))) {
    const head = /<testsuite\b[^>]*>/.exec(readFileSync(join(reports, file), 'utf8'))?.[0] ?? '';
    const attr = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(head)?.[1] ?? 0);
    ran += attr('tests') - attr('skipped');
    failed += attr('failures') + attr('errors');
  }
  return { ran, failed };
}

function goModule(codeFolder: string): { name: string; go: string } {
  const text = existsSync(join(codeFolder, 'go.mod')) ? readFileSync(join(codeFolder, 'go.mod'), 'utf8') : '';
  return { name: /^module\s+(\S+)/m.exec(text)?.[1] ?? 'function', go: /^go\s+(\S+)/m.exec(text)?.[1] ?? '1.22' };
}

const goEnv = () => ({ GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', GOCACHE: process.env.LAMBDA_DOJO_GO_CACHE ?? join(homedir(), '.cache', 'lambda-dojo', 'go-build') });

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
        const mvn = findOnPath('mvn');
        if (!mvn) return { ran: 0, failed: 1, passed: false, output: 'Maven (mvn) is not installed: sudo apt-get install maven (Debian, Ubuntu) or brew install maven (macOS).', command: 'mvn test', missing };
        const release = Number(/^(\d+)/.exec(toolchain.version)?.[1] ?? 17) >= 21 ? 21 : 17;
        writeFileSync(join(folder, 'pom.xml'), javaPom(release));
        const javaHome = toolchain.tools?.javaHome;
        const result = await exec(mvn, ['-B', '-q', 'test'], folder, javaHome ? { JAVA_HOME: javaHome } : {}, 300_000);
        const counts = surefireCounts(folder) ?? { ran: 0, failed: result.code === 0 ? 0 : 1 };
        return done('mvn test', result, counts);
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
