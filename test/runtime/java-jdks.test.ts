// Which local JDK runs each Lambda Java runtime (jdks.ts): the runtime's own version first,
// else a newer JDK (compiling with --release for the runtime's version), else, for the older
// runtimes only, an older JDK with a note in the logs.

import { describe, expect, it } from 'vitest';
import { findJdks, jdkFor, type Jdk } from '../../src/runtime/runtimes/java/jdks.ts';

const jdk = (major: number, isDefault = false): Jdk => ({ home: `/jdks/${major}`, java: `/jdks/${major}/bin/java`, javac: `/jdks/${major}/bin/javac`, version: `${major}.0.1`, major, isDefault });

describe('the JDK for a Java runtime', () => {
  it('is the JDK of the runtime\'s own version, the default one when there are two', () => {
    const other17 = { ...jdk(17), home: '/other/17' };
    expect(jdkFor(17, [jdk(25), other17, jdk(17, true)], false)?.home).toBe('/jdks/17');
    expect(jdkFor(25, [jdk(17, true), jdk(25)], true)?.major).toBe(25);
  });

  it('is the nearest newer JDK when the machine lacks the runtime\'s version', () => {
    expect(jdkFor(21, [jdk(17, true), jdk(25), jdk(26)], false)?.major).toBe(25);
  });

  it('is an older JDK only for java17 and java21, never for java25', () => {
    expect(jdkFor(21, [jdk(17, true)], false)?.major).toBe(17);
    expect(jdkFor(25, [jdk(17, true), jdk(21)], true)).toBeUndefined();
    expect(jdkFor(17, [jdk(11, true)], false)).toBeUndefined();
  });

  it('finds the JDKs of this machine with their versions, from their release files', () => {
    for (const found of findJdks()) {
      expect(found.version.startsWith(`${found.major}.`), found.home).toBe(true);
      expect(found.java.startsWith(found.home) && found.javac.startsWith(found.home), found.home).toBe(true);
    }
  });
});
