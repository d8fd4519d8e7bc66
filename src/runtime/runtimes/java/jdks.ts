// The JDKs on this machine, and which one runs each Lambda Java runtime.
//
// Found where JDKs install themselves: JAVA_HOME, the java on PATH, /usr/lib/jvm (Debian,
// Ubuntu, Fedora), /Library/Java/JavaVirtualMachines (macOS). A JDK's version comes from its
// `release` file, so finding them starts no process.

import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

export interface Jdk {
  /** The JDK's folder (bin/java, bin/javac, release). */
  home: string;
  java: string;
  javac: string;
  /** "17.0.15", "25.0.3". */
  version: string;
  major: number;
  /** JAVA_HOME's, or the java on PATH: the one the learner set up. */
  isDefault: boolean;
}

function onPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    try {
      const candidate = join(folder, name);
      if (statSync(candidate).isFile()) return realpathSync(candidate);
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

function jdkAt(folder: string, isDefault: boolean): Jdk | undefined {
  let home: string;
  try {
    home = realpathSync(folder);
  } catch {
    return undefined;
  }
  const java = join(home, 'bin', 'java');
  const javac = join(home, 'bin', 'javac');
  if (!existsSync(java) || !existsSync(javac)) return undefined;
  let release = '';
  try {
    release = readFileSync(join(home, 'release'), 'utf8');
  } catch {
    return undefined;
  }
  const match = /^JAVA_VERSION="(\d+)(?:\.(\d+))?(?:\.(\d+))?/m.exec(release);
  if (!match) return undefined;
  const version = [match[1], match[2] ?? '0', match[3] ?? '0'].join('.');
  return { home, java, javac, version, major: Number(match[1]), isDefault };
}

function subfolders(folder: string, inside = ''): string[] {
  try {
    return readdirSync(folder)
      .sort()
      .map((name) => join(folder, name, inside));
  } catch {
    return [];
  }
}

/** Every JDK found, the default first. */
export function findJdks(): Jdk[] {
  const found = new Map<string, Jdk>();
  const add = (folder: string | undefined, isDefault: boolean) => {
    if (!folder) return;
    const jdk = jdkAt(folder, isDefault);
    if (jdk && !found.has(jdk.home)) found.set(jdk.home, jdk);
  };
  const home = process.env.JAVA_HOME;
  if (home) add(home, true);
  const java = onPath('java');
  // /usr/bin/java -> /usr/lib/jvm/<jdk>/bin/java
  if (java) add(dirname(dirname(java)), found.size === 0);
  for (const folder of subfolders('/usr/lib/jvm')) add(folder, false);
  for (const folder of subfolders('/Library/Java/JavaVirtualMachines', 'Contents/Home')) add(folder, false);
  return [...found.values()];
}

/**
 * The JDK for Lambda's java<major>: that major version when the machine has it (the default
 * one first); else the nearest newer JDK, which compiles with --release <major> and so accepts
 * exactly that Java; else, for java17 and java21 only, the newest older one (17 at least), and
 * the cold start says the versions differ. A newer runtime (java25) is not offered on an older
 * JDK: its code may use what the older one lacks.
 */
export function jdkFor(major: number, jdks: Jdk[], newestRequired: boolean): Jdk | undefined {
  const exact = jdks.filter((j) => j.major === major);
  if (exact.length > 0) return exact.find((j) => j.isDefault) ?? exact[0];
  const newer = jdks.filter((j) => j.major > major).sort((a, b) => a.major - b.major);
  if (newer.length > 0 || newestRequired) return newer[0];
  return jdks.filter((j) => j.major >= 17).sort((a, b) => b.major - a.major)[0];
}
