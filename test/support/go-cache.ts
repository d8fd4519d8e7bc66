// Test files that build Go functions import this first. On a fresh machine (CI) the first Go
// build downloads aws-lambda-go (lab 8's also the AWS SDK for Go v2) and compiles the standard
// library under it, a minute or more on a busy 2-core machine: done here, while the test file
// loads, no single test waits for it under its timeout. With the cache warm it takes well under
// a second. Builds share the cache (src/runtime/runtimes/provided/go-build.ts), so this warms
// it for every later build.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findGo, prepareGoBuildCache } from '../../src/runtime/runtimes/provided/go-build.ts';
import { fixtures } from './fixtures.ts';
import { warmGoTestCache } from '../../src/grader/unit-tests/run-unit-tests.ts';

if (await findGo()) {
  const lab8 = fileURLToPath(new URL('../../labs/08-configure-dont-hardcode/solution/go/', import.meta.url));
  try {
    await Promise.all([
      prepareGoBuildCache(join(fixtures('go'), 'echo'), ['lambda', 'lambdacontext', 'events'].map((name) => `github.com/aws/aws-lambda-go/${name}`)),
      prepareGoBuildCache(lab8, ['github.com/aws/aws-sdk-go-v2/config', 'github.com/aws/aws-sdk-go-v2/service/kms']),
      // Lab 16 runs the learner's own go test: the testing package, compiled once.
      findGo().then((go) => warmGoTestCache(go!.command)),
    ]);
  } catch (error) {
    // The Go tests then fail with the same message, each on its own; the others run.
    console.warn(`Preparing the Go build cache failed: ${(error as Error).message}`);
  }
}
