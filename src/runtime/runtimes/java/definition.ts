// Java: compiles the function with the machine's javac and runs it on its java.
//
// The runtime itself (our stand-ins for aws-lambda-java-core's interfaces, and the bootstrap)
// is compiled once per machine and JDK into a jar next to the build cache, with a
// class-data-sharing archive of the classes a start loads, as Lambda ships one for its own
// Java runtime. A function is compiled against that jar, once per source (the service caches
// builds by source hash).

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, copyFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, sep } from 'node:path';
import { CodeBuildError } from '../../errors.ts';
import { detectOnce, installHint, run, runtimeDir, type BuildRequest, type RuntimeDefinition, type Toolchain } from '../toolchain.ts';

const here = runtimeDir('java');

/** The JVM flags for our own short-lived tools (javac, the archive dump): quick to start, small. */
const quickJvm = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto', '-XX:-UsePerfData'];

function onPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    const candidate = join(folder, name);
    try {
      if (statSync(candidate).isFile()) return realpathSync(candidate);
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** A JDK's java and javac: JAVA_HOME's when set, else the first java on PATH (through any symlinks to its JDK). */
function findJdk(): { java: string; javac: string } | undefined {
  const home = process.env.JAVA_HOME;
  const fromHome = home ? { java: join(home, 'bin', 'java'), javac: join(home, 'bin', 'javac') } : undefined;
  if (fromHome && existsSync(fromHome.java) && existsSync(fromHome.javac)) return fromHome;
  const java = onPath('java');
  if (!java) return undefined;
  const javac = join(dirname(java), 'javac');
  return existsSync(javac) ? { java, javac } : undefined;
}

function javaSources(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.java')) found.push(path);
    }
  };
  walk(folder);
  return found.sort();
}

function cacheRoot(): string {
  const configured = process.env.LAMBDA_DOJO_BUILD_CACHE ?? join(homedir(), '.cache', 'lambda-dojo', 'builds');
  try {
    mkdirSync(configured, { recursive: true });
    return configured;
  } catch {
    const fallback = join(tmpdir(), 'lambda-dojo-builds');
    mkdirSync(fallback, { recursive: true });
    return fallback;
  }
}

/** Compiles the runtime into <cache>/java-runtime-<jdk>-<hash>/ (runtime.jar, runtime.jsa) unless it is there. */
async function compiledRuntime(jdk: { java: string; javac: string }, version: string): Promise<string> {
  const sources = javaSources(join(here, 'core')).concat(javaSources(join(here, 'bootstrap')));
  const hash = createHash('sha256');
  hash.update(`${jdk.java}\n${version}\n`);
  for (const file of sources) hash.update(`${relative(here, file)}\n`).update(readFileSync(file));
  const folder = join(cacheRoot(), `java-runtime-${version}-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(folder, 'runtime.jar'))) return folder;

  const work = mkdtempSync(`${folder}.building-`);
  try {
    const classes = join(work, 'classes');
    // String concatenation compiled to StringBuilder calls rather than invokedynamic: no
    // method-handle set-up at start. (The function's own code keeps javac's default, as on Lambda.)
    const options = ['-encoding', 'UTF-8', '-proc:none', '-nowarn', '-XDstringConcat=inline'];
    await run(jdk.javac, [...quickJvm.map((f) => `-J${f}`), ...options, '-d', classes, ...sources], { timeout: 120_000 });
    const jar = join(dirname(jdk.java), 'jar');
    await run(existsSync(jar) ? jar : 'jar', ['cf', join(work, 'runtime.jar'), '-C', classes, '.'], { timeout: 60_000 });
    rmSync(classes, { recursive: true, force: true });
    try {
      renameSync(work, folder);
    } catch {
      // another process finished the same runtime first: theirs is as good
      rmSync(work, { recursive: true, force: true });
      return folder;
    }
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  // The archive records the jar's path, so it is made where the jar stays. It only speeds
  // starts up: without it (a JDK that cannot make one, say) the runtime works the same.
  const archive = join(folder, 'runtime.jsa');
  const partial = `${archive}.${process.pid}`;
  await run(jdk.java, [...quickJvm, `-XX:ArchiveClassesAtExit=${partial}`, '-cp', join(folder, 'runtime.jar'), 'lambdadojo.runtime.Bootstrap', '--warm-up'], { timeout: 60_000 })
    .then(() => existsSync(partial) && renameSync(partial, archive))
    .catch(() => rmSync(partial, { force: true }));
  return folder;
}

const toolchain = (): Promise<Toolchain | undefined> =>
  detectOnce('java', async () => {
    const jdk = findJdk();
    if (!jdk) return undefined;
    let version: string | undefined;
    try {
      const { stdout, stderr } = await run(jdk.java, ['-version'], { timeout: 10_000 });
      const match = /version "(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(`${stderr}\n${stdout}`);
      if (match) version = [match[1], match[2] ?? '0', match[3] ?? '0'].join('.');
    } catch {
      return undefined;
    }
    if (!version) return undefined;
    let runtime: string;
    try {
      runtime = await compiledRuntime(jdk, version);
    } catch (error) {
      const failure = error as { stderr?: string; message: string };
      throw new Error(`Lambda Dojo could not compile its Java runtime with ${jdk.javac}: ${failure.stderr?.trim() || failure.message}`);
    }
    return { command: jdk.java, version, tools: { javac: jdk.javac, runtime } };
  });

/** Where javac says the first error is: "path/File.java:12: error: ...". */
function firstError(output: string, source: string): { file: string; line: number; text: string } | undefined {
  const match = /^(.+?\.java):(\d+): error: (.*)$/m.exec(output);
  if (!match) return undefined;
  const file = match[1]!.startsWith(sep) ? relative(source, match[1]!) : match[1]!;
  return { file, line: Number(match[2]), text: match[3]! };
}

function copyResources(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      mkdirSync(target, { recursive: true });
      copyResources(source, target);
    } else if (entry.isFile() && !entry.name.endsWith('.java')) {
      copyFileSync(source, target);
    }
  }
}

function libraryJars(folder: string): string[] {
  const lib = join(folder, 'lib');
  if (!existsSync(lib)) return [];
  return readdirSync(lib)
    .filter((name) => name.endsWith('.jar'))
    .map((name) => join(lib, name));
}

/** The layers' java/lib/*.jar as the function sees them in /opt/java/lib: a later layer's jar replaces an earlier one of the same name. */
function layerJars(layers: string[]): string[] {
  const byName = new Map<string, string>();
  for (const layer of layers) for (const jar of libraryJars(join(layer, 'java'))) byName.set(relative(join(layer, 'java', 'lib'), jar), jar);
  return [...byName.values()];
}

async function build({ source, output, toolchain: found, layers }: BuildRequest): Promise<void> {
  const runtime = found.tools?.runtime;
  if (!runtime || !found.tools?.javac) throw new Error('The Java toolchain was found without its compiled runtime; run npm run doctor.');
  // Resources (and a ready-made lib/*.jar or .class files) go into the package as they are, as in a Lambda .zip.
  copyResources(source, output);
  // A Maven-style project compiles src/main/java only (not its tests, nor anything else in the
  // folder), with src/main/resources at the root of the package, as Maven would package it.
  const maven = join(source, 'src', 'main', 'java');
  const resources = join(source, 'src', 'main', 'resources');
  if (existsSync(resources)) copyResources(resources, output);
  const files = javaSources(existsSync(maven) ? maven : source).map((file) => relative(source, file));
  if (files.length === 0) return;
  const classPath = [join(runtime, 'runtime.jar'), ...libraryJars(source), ...layerJars(layers)].join(delimiter);
  try {
    await run(found.tools.javac, [...quickJvm.map((f) => `-J${f}`), '-encoding', 'UTF-8', '-proc:none', '-g', '-Xmaxerrs', '20', '-cp', classPath, '-d', output, ...files], {
      cwd: source,
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string; code?: unknown };
    const text = `${failure.stderr ?? ''}${failure.stdout ?? ''}`.trim();
    if (!text) throw error;
    const where = firstError(text, source);
    const summary = where ? `${where.file}:${where.line}: ${where.text}` : text.split('\n')[0];
    throw new CodeBuildError(`The Java code does not compile (javac): ${summary}`, text, where ? { file: where.file, line: where.line } : undefined);
  }
}

function java(major: string): RuntimeDefinition {
  return {
    id: `java${major}`,
    family: 'java',
    languageVersion: major,
    detect: toolchain,
    build,
    launch: (found, taskRoot) => {
      const runtime = found.tools?.runtime ?? '';
      // The function's classes at the root of its package, its libraries in lib/, as in a Lambda .zip.
      const classPath = [join(runtime, 'runtime.jar'), taskRoot, join(taskRoot, 'lib', '*')].join(delimiter);
      return { command: '/bin/sh', args: [`${here}bootstrap.sh`, found.command, classPath, join(runtime, 'runtime.jsa')], runtimeDir: here };
    },
    installHint: installHint('openjdk-17-jdk-headless', 'openjdk@21'),
  };
}

// Source: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
export const definitions = [java('17'), java('21')];
