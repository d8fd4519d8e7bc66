// Test files that build Go functions import this first. On a fresh machine (CI) the first Go
// build downloads aws-lambda-go and compiles the standard library under it, a minute on a busy
// 2-core machine: done here, while the test file loads, no single test waits for it under its
// timeout. With the cache warm it takes a few hundred milliseconds. Builds share the cache
// (src/runtime/runtimes/provided/go-build.ts), so this warms it for every later build.

import { join } from 'node:path';
import { findGo, prepareGoBuildCache } from '../../src/runtime/runtimes/provided/go-build.ts';
import { fixtures } from './fixtures.ts';

if (await findGo()) {
  try {
    const packages = ['lambda', 'lambdacontext', 'events'].map((name) => `github.com/aws/aws-lambda-go/${name}`);
    await prepareGoBuildCache(join(fixtures('go'), 'echo'), packages);
  } catch (error) {
    // The Go tests then fail with the same message, each on its own; the others run.
    console.warn(`Preparing the Go build cache failed: ${(error as Error).message}`);
  }
}
