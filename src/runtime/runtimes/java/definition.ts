// Java: compiles the function with javac against its pom.xml's dependencies and runs it on a
// local JDK, the one of the runtime's major version where the machine has it (jdks.ts).
//
// The runtime itself (the bootstrap, on AWS's aws-lambda-java-core and
// aws-lambda-java-serialization) is compiled once per machine and JDK into
// ~/.cache/lambda-dojo/java-runtimes: runtime.jar, lib/ with AWS's jars, and class-data-sharing
// archives of the classes a start loads (as Lambda ships one for its own Java runtime) and of
// javac's. A function's pom.xml is
// resolved by Maven once per content (maven.ts); a build after an edit to the code runs javac only.

import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, relative, sep } from 'node:path';
import { CodeBuildError } from '../../errors.ts';
import { detectOnce, run, runtimeDir, type BuildRequest, type RuntimeDefinition, type Toolchain } from '../toolchain.ts';
import { findJdks, jdkFor, type Jdk } from './jdks.ts';
import { dependencyClassPath, findMaven } from './maven.ts';

const here = runtimeDir('java');
const bootstrapProject = join(here, 'bootstrap');

/** The JVM flags for our own short-lived tools (javac, the archive dump): quick to start, small. */
const quickJvm = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto', '-XX:-UsePerfData'];

function javaSources(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules' || entry.name === 'target') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.java')) found.push(path);
    }
  };
  walk(folder);
  return found.sort();
}

/**
 * Where the compiled runtimes live: one per JDK and runtime source, the same for every build
 * cache of this machine (a fresh build cache, a test's say, compiles functions, not the runtime).
 */
function runtimesRoot(): string {
  const folder = join(homedir(), '.cache', 'lambda-dojo', 'java-runtimes');
  try {
    mkdirSync(folder, { recursive: true });
    return folder;
  } catch {
    const fallback = join(tmpdir(), 'lambda-dojo-java-runtimes');
    mkdirSync(fallback, { recursive: true });
    return fallback;
  }
}

/**
 * Resolved class paths, one file per pom content. Apart from the build cache: a class path says
 * where Maven's local repository (~/.m2) holds a pom's jars, which is the same for every build
 * cache of this machine, so a fresh build cache (a test's, say) starts no Maven for a known pom.
 */
export const classPathCache = (): string => join(homedir(), '.cache', 'lambda-dojo', 'java-classpath');

/** The runtime's class path: its own jar, then AWS's jars in lib/ (in name order, the same at dump and at start). */
function runtimeClassPath(folder: string): string[] {
  const lib = join(folder, 'lib');
  return [join(folder, 'runtime.jar'), ...readdirSync(lib).filter((n) => n.endsWith('.jar')).sort().map((n) => join(lib, n))];
}

/** A jar into a package: a hard link where the file system allows it (no copy), else a copy. */
function placeJar(jar: string, folder: string): void {
  const target = join(folder, basename(jar));
  if (existsSync(target)) return;
  try {
    linkSync(jar, target);
  } catch {
    copyFileSync(jar, target);
  }
}

/** Compiles the runtime into <cache>/java-runtime-<jdk>-<hash>/ (runtime.jar, lib/, runtime.jsa) unless it is there. */
async function compileRuntime(jdk: Jdk): Promise<string> {
  const jars = await dependencyClassPath({ pom: join(bootstrapProject, 'pom.xml'), shownAs: join(bootstrapProject, 'pom.xml'), cacheDir: classPathCache(), mvn: findMaven(), javaHome: jdk.home });
  const sources = javaSources(join(bootstrapProject, 'src'));
  const hash = createHash('sha256');
  hash.update(`${jdk.java}\n${jdk.version}\n${jars.join('\n')}\n`);
  for (const file of [join(here, 'definition.ts'), join(bootstrapProject, 'pom.xml'), ...sources]) hash.update(`${relative(here, file)}\n`).update(readFileSync(file));
  const folder = join(runtimesRoot(), `java-runtime-${jdk.version}-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(folder, 'runtime.jar'))) return folder;

  const work = mkdtempSync(`${folder}.building-`);
  try {
    const classes = join(work, 'classes');
    // String concatenation compiled to StringBuilder calls rather than invokedynamic: no
    // method-handle set-up at start. (The function's own code keeps javac's default, as on Lambda.)
    const options = ['-encoding', 'UTF-8', '-proc:none', '-nowarn', '-XDstringConcat=inline'];
    await run(jdk.javac, [...quickJvm.map((f) => `-J${f}`), ...options, '-cp', jars.join(delimiter), '-d', classes, ...sources], { timeout: 120_000 });
    const jar = join(dirname(jdk.java), 'jar');
    await run(existsSync(jar) ? jar : 'jar', ['cf', join(work, 'runtime.jar'), '-C', classes, '.'], { timeout: 60_000 });
    rmSync(classes, { recursive: true, force: true });
    mkdirSync(join(work, 'lib'));
    for (const dependency of jars) placeJar(dependency, join(work, 'lib'));
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
  // The archive records the jars' paths, so it is made where they stay. It only speeds
  // starts up: without it (a JDK that cannot make one, say) the runtime works the same.
  const archive = join(folder, 'runtime.jsa');
  const partial = `${archive}.${process.pid}`;
  await run(jdk.java, [...quickJvm, `-XX:ArchiveClassesAtExit=${partial}`, '-cp', runtimeClassPath(folder).join(delimiter), 'lambdadojo.runtime.Bootstrap', '--warm-up'], { timeout: 60_000 })
    .then(() => existsSync(partial) && renameSync(partial, archive))
    .catch(() => rmSync(partial, { force: true }));
  // The same for javac, whose start loads thousands of compiler classes: every function build
  // runs it, so a class-data-sharing archive of one compile (the runtime's own) makes the next
  // ones start sooner.
  const javacArchive = join(folder, 'javac.jsa');
  const javacPartial = `${javacArchive}.${process.pid}`;
  const scratch = mkdtempSync(join(tmpdir(), 'lambda-dojo-javac-'));
  await run(jdk.javac, [...quickJvm.map((f) => `-J${f}`), `-J-XX:ArchiveClassesAtExit=${javacPartial}`, '-encoding', 'UTF-8', '-proc:none', '-g', '-cp', jars.join(delimiter), '-d', scratch, ...sources], { timeout: 120_000 })
    .then(() => existsSync(javacPartial) && renameSync(javacPartial, javacArchive))
    .catch(() => rmSync(javacPartial, { force: true }))
    .finally(() => rmSync(scratch, { recursive: true, force: true }));
  return folder;
}

/** javac's own JVM flags: quick to start, with the class-data-sharing archive of its classes when there is one. */
function javacJvm(runtime: string): string[] {
  const archive = join(runtime, 'javac.jsa');
  return [...quickJvm, ...(existsSync(archive) ? [`-XX:SharedArchiveFile=${archive}`] : [])].map((f) => `-J${f}`);
}

/** One runtime per JDK, however many Lambda runtimes map to it. */
const runtimes = new Map<string, Promise<string>>();

function compiledRuntime(jdk: Jdk): Promise<string> {
  let folder = runtimes.get(jdk.home);
  if (!folder) {
    folder = compileRuntime(jdk);
    runtimes.set(jdk.home, folder);
    folder.catch(() => runtimes.delete(jdk.home));
  }
  return folder;
}

const toolchain =
  (major: number, newestRequired: boolean) => (): Promise<Toolchain | undefined> =>
    detectOnce(`java${major}`, async () => {
      const jdk = jdkFor(major, findJdks(), newestRequired);
      if (!jdk) return undefined;
      // Without Maven the runtime's own libraries cannot be fetched (once fetched, Maven is not needed again).
      let runtime: string;
      try {
        runtime = await compiledRuntime(jdk);
      } catch (error) {
        if (error instanceof CodeBuildError && !findMaven()) return undefined;
        const failure = error as { stderr?: string; message: string };
        throw new Error(`Lambda Dojo could not build its Java runtime with ${jdk.javac}: ${failure.stderr?.trim() || failure.message}`);
      }
      return { command: jdk.java, version: jdk.version, tools: { javac: jdk.javac, runtime, javaHome: jdk.home } };
    });

/** Where javac says the first error is: "path/File.java:12: error: ...". */
function firstError(output: string, source: string): { file: string; line: number; text: string } | undefined {
  const match = /^(.+?\.java):(\d+): error: (.*)$/m.exec(output);
  if (!match) return undefined;
  const file = match[1]!.startsWith(sep) ? relative(source, match[1]!) : match[1]!;
  return { file, line: Number(match[2]), text: match[3]! };
}

/** Files other than sources go into the package as they are, as in a Lambda .zip; Maven's own files stay out. */
function copyResources(from: string, to: string, top = true): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    if (top && (entry.name === 'target' || entry.name === 'pom.xml')) continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      mkdirSync(target, { recursive: true });
      copyResources(source, target, false);
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

/**
 * What the code compiles against. With a pom.xml: its dependencies, as Maven gives them, and
 * nothing of the runtime's (code that imports aws-lambda-java-core must name it, as with
 * `mvn package`). Without one: AWS's aws-lambda-java-core from the runtime.
 */
async function dependencies(source: string, found: Toolchain): Promise<{ compile: string[]; packaged: string[] }> {
  const pom = join(source, 'pom.xml');
  if (!existsSync(pom)) return { compile: runtimeClassPath(found.tools!.runtime!).filter((jar) => basename(jar).startsWith('aws-lambda-java-core-')), packaged: [] };
  const jars = await dependencyClassPath({ pom, shownAs: 'pom.xml', cacheDir: classPathCache(), mvn: findMaven(), javaHome: found.tools?.javaHome });
  return { compile: jars, packaged: jars };
}

async function build({ source, output, toolchain: found, layers }: BuildRequest, major: number): Promise<void> {
  const runtime = found.tools?.runtime;
  if (!runtime || !found.tools?.javac) throw new Error('The Java toolchain was found without its compiled runtime; run npm run doctor.');
  const { compile, packaged } = await dependencies(source, found);
  // Resources (and a ready-made lib/*.jar or .class files) go into the package as they are, as in a Lambda .zip.
  copyResources(source, output);
  // A Maven project compiles src/main/java only (not its tests, nor anything else in the
  // folder), with src/main/resources at the root of the package, as Maven would package it.
  const maven = join(source, 'src', 'main', 'java');
  const resources = join(source, 'src', 'main', 'resources');
  if (existsSync(resources)) copyResources(resources, output, false);
  // The dependencies travel in lib/, as in the .zip AWS's docs build with Maven (java-package.html).
  if (packaged.length > 0) {
    mkdirSync(join(output, 'lib'), { recursive: true });
    for (const jar of packaged) placeJar(jar, join(output, 'lib'));
  }
  const files = javaSources(existsSync(maven) ? maven : source).map((file) => relative(source, file));
  if (files.length === 0) return;
  const classPath = [...compile, ...libraryJars(source), ...layerJars(layers)].join(delimiter);
  // A JDK newer than the runtime compiles for the runtime's Java (--release): what Lambda's JDK lacks does not compile.
  const release = Number(found.version.split('.')[0]) > major ? ['--release', String(major)] : [];
  try {
    await run(found.tools.javac, [...javacJvm(runtime), '-encoding', 'UTF-8', '-proc:none', '-g', '-Xmaxerrs', '20', ...release, '-cp', classPath, '-d', output, ...files], {
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

function java(major: number, newestRequired: boolean): RuntimeDefinition {
  return {
    id: `java${major}`,
    family: 'java',
    languageVersion: String(major),
    detect: toolchain(major, newestRequired),
    build: (request) => build(request, major),
    launch: (found, taskRoot) => {
      const runtime = found.tools?.runtime ?? '';
      // The runtime first (as Lambda's /var/runtime), then the function's classes at the root
      // of its package and its libraries in lib/, as in a Lambda .zip.
      const classPath = [...runtimeClassPath(runtime), taskRoot, join(taskRoot, 'lib', '*')].join(delimiter);
      return { command: '/bin/sh', args: [`${here}bootstrap.sh`, found.command, classPath, join(runtime, 'runtime.jsa')], runtimeDir: here };
    },
    installHint:
      major > 21
        ? `Install a JDK ${major} (Eclipse Temurin ${major}, say: brew install --cask temurin@${major} on macOS, or the temurin-${major}-jdk package of Adoptium's Debian repository), and Maven (sudo apt-get install maven or brew install maven), then run npm run doctor.`
        : `Install a JDK and Maven: sudo apt-get install openjdk-17-jdk-headless maven (Debian, Ubuntu) or brew install openjdk@${major} maven (macOS), then run npm run doctor.`,
  };
}

// Source: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (java25 since
// November 2025, java21, java17). java25 runs only on a JDK 25 or newer; the older ones run on
// the local JDK when the machine lacks theirs, and the cold start says so.
export const definitions = [java(17, false), java(21, false), java(25, true)];
