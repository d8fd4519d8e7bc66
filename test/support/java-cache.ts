// Test files that build Java functions import this first. On a fresh machine (CI) the first build
// of a pom.xml has Maven download its dependencies (lab 8's the AWS SDK for Java, 33 jars), which
// can take a minute on a busy 2-core machine: done here, while the test file loads, for every
// pom of the labs, the fixtures and the lesson samples, so no single test waits for it under its
// timeout. With the class paths cached (by the pom's hash) it takes a few milliseconds.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classPathCache } from '../../src/runtime/runtimes/java/definition.ts';
import { dependencyClassPath, findMaven } from '../../src/runtime/runtimes/java/maven.ts';
import { junitConsoleJar } from '../../src/grader/unit-tests/run-unit-tests.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Every pom.xml of the Java starters and solutions, the Java fixtures and the lesson samples. */
function javaPoms(): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    if (!existsSync(folder)) return;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && !['src', 'node_modules', 'target'].includes(entry.name)) walk(path);
      else if (entry.name === 'pom.xml') found.push(path);
    }
  };
  for (const lab of readdirSync(join(root, 'labs'))) for (const kind of ['starter', 'solution']) walk(join(root, 'labs', lab, kind, 'java'));
  walk(join(root, 'test', 'fixtures', 'java'));
  walk(join(root, 'content', 'samples', 'greeter', 'java'));
  return found;
}

const mvn = findMaven();
if (mvn) {
  try {
    // One at a time: Maven's local repository is shared, and alike poms resolve once.
    for (const pom of javaPoms()) await dependencyClassPath({ pom, shownAs: pom.slice(root.length), cacheDir: classPathCache(), mvn });
    // Lab 16 runs the learner's JUnit tests with JUnit's console launcher, fetched once by Maven.
    const junit = await junitConsoleJar(undefined);
    if (typeof junit !== 'string') throw new Error(junit.problem);
  } catch (error) {
    // The Java tests then fail with the same message, each on its own; the others run.
    console.warn(`Resolving the Java poms failed: ${(error as Error).message}`);
  }
}
