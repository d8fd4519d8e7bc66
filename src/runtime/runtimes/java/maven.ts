// A pom.xml's dependencies as a class path: resolved once with Maven, then kept by the pom's
// hash, so a build after an edit to the code (not to the pom) starts no Maven at all.
//
// Maven is asked with `dependency:build-classpath`, offline first (everything already in the
// local repository, ~/.m2) and online only when that fails. A class path is written to the cache
// only once Maven succeeded and every jar it names exists: a failure leaves nothing behind.

import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { CodeBuildError } from '../../errors.ts';
import { run } from '../toolchain.ts';

/** Pinned, so a fresh machine and an old one resolve with the same plugin. */
const plugin = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath';

/** How to install Maven, said the same way as the other toolchains' hints. */
export const mavenInstallHint = 'Install Maven: sudo apt-get install maven (Debian, Ubuntu) or brew install maven (macOS).';

/** The mvn command on this PATH (or in MAVEN_HOME), or undefined. */
export function findMaven(path = process.env.PATH ?? '', mavenHome = process.env.MAVEN_HOME): string | undefined {
  const folders = [...(mavenHome ? [join(mavenHome, 'bin')] : []), ...path.split(delimiter).filter(Boolean)];
  for (const folder of folders) {
    const candidate = join(folder, 'mvn');
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

export interface ClassPathRequest {
  /** The pom.xml to resolve. */
  pom: string;
  /** How the message names it to the learner ("pom.xml", or the runtime's own). */
  shownAs: string;
  /** Where resolved class paths are kept (a folder of <hash>.classpath files). */
  cacheDir: string;
  /** The Maven to run; undefined when the machine has none. */
  mvn: string | undefined;
  /** The JDK Maven runs on (JAVA_HOME for it), so Maven works on a machine whose default java is another. */
  javaHome?: string;
}

/** The cached class path for this pom's content, when every jar it names is still there. */
function cached(file: string): string[] | undefined {
  if (!existsSync(file)) return undefined;
  const jars = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  return jars.every((jar) => existsSync(jar)) ? jars : undefined;
}

/** Maven's own words for what went wrong: its [ERROR] lines, without the advice boilerplate. */
function mavenErrors(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.replace(/\u001b\[[0-9;]*m/g, '').trimEnd())
    .filter((line) => line.startsWith('[ERROR]') && !/\[ERROR\] *(-> \[Help|To see the full|Re-run Maven|For more information|$)/.test(line))
    .map((line) => line.replace(/^\[ERROR\] */, ''));
  return lines.slice(0, 3).join('\n') || output.trim().split('\n').slice(-3).join('\n');
}

async function resolveWithMaven(request: ClassPathRequest, output: string, offline: boolean): Promise<void> {
  const args = ['-B', '-q', '-Dstyle.color=never', ...(offline ? ['-o'] : []), '-f', request.pom, plugin, `-Dmdep.outputFile=${output}`, '-Dmdep.includeScope=compile', '-Dmdep.pathSeparator=\n'];
  await run(request.mvn!, args, {
    cwd: dirname(request.pom),
    timeout: 300_000,
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, ...(request.javaHome ? { JAVA_HOME: request.javaHome } : {}) },
  });
}

/**
 * The jars a pom's dependencies (compile and provided scope, with what they depend on) come
 * to, in Maven's order. Throws CodeBuildError with one message that names the pom, what is
 * missing and the command that fixes it.
 */
export async function dependencyClassPath(request: ClassPathRequest): Promise<string[]> {
  const content = readFileSync(request.pom);
  const hash = createHash('sha256').update(content).digest('hex');
  const file = join(request.cacheDir, `${hash}.classpath`);
  const known = cached(file);
  if (known) return known;

  if (!request.mvn) {
    const message = `${request.shownAs} names the code's libraries, which Maven (mvn) downloads and this machine has no Maven. ${mavenInstallHint} Then run: mvn -f ${request.shownAs} dependency:resolve`;
    throw new CodeBuildError(message, message, { file: request.shownAs, line: 1 });
  }
  mkdirSync(request.cacheDir, { recursive: true });
  // One Maven per pom at a time on this machine: processes that start together (test workers on
  // a fresh machine, say) wait for the first instead of downloading the same jars beside it.
  const release = await lockFor(`${file}.lock`);
  try {
    const resolvedMeanwhile = cached(file);
    if (resolvedMeanwhile) return resolvedMeanwhile;
    return await resolve(request, file);
  } finally {
    release();
  }
}

/** Waits for and takes the lock file; one left by a process that died is taken over after lockStaleMs. */
async function lockFor(lock: string): Promise<() => void> {
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    try {
      if (Date.now() - statSync(lock).mtimeMs > lockStaleMs) rmSync(lock, { force: true });
    } catch {
      // released meanwhile
    }
    await new Promise((wake) => setTimeout(wake, 250));
  }
}

/** Longer than Maven takes to download a pom's dependencies on a slow line. */
const lockStaleMs = 10 * 60_000;

async function resolve(request: ClassPathRequest, file: string): Promise<string[]> {
  const partial = `${file}.${process.pid}.${Date.now()}.partial`;
  try {
    try {
      await resolveWithMaven(request, partial, true);
    } catch {
      // Something is not in the local repository yet: let Maven download it.
      await resolveWithMaven(request, partial, false);
    }
    const jars = readFileSync(partial, 'utf8').split('\n').filter(Boolean);
    const missing = jars.find((jar) => !existsSync(jar));
    if (missing) throw new Error(`Maven named ${missing}, which is not there.`);
    writeFileSync(partial, `${jars.join('\n')}\n`);
    renameSync(partial, file);
    return jars;
  } catch (error) {
    rmSync(partial, { force: true });
    const failure = error as { stdout?: string; stderr?: string; message: string };
    const said = mavenErrors(`${failure.stdout ?? ''}\n${failure.stderr ?? ''}`) || failure.message;
    const message =
      `Maven could not resolve the dependencies of ${request.shownAs}: ${said}\n` +
      `Check each <dependency>'s groupId, artifactId and version against what Maven Central serves, ` +
      `make sure this machine reaches Maven Central, then run: mvn -f ${request.shownAs} dependency:resolve`;
    throw new CodeBuildError(message, `${message}\n\n${`${failure.stdout ?? ''}${failure.stderr ?? ''}`.trim()}`.trim(), { file: request.shownAs, line: 1 });
  }
}
