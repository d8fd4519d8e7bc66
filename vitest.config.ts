import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/longest-first-sequencer.ts';

// Files that start no process and finish in well under a second: `npx vitest run --project unit`
// is the quick loop while editing. Everything else under test/runtime, test/cli, test/grader and
// test/conformance starts real runtimes.
const unit = [
  'test/requirements.test.ts',
  'test/labs/labs.test.ts',
  'test/conformance/families.test.ts',
  'test/runtime/limits.test.ts',
  'test/runtime/upstream.test.ts',
  'test/runtime/zip.test.ts',
  'test/runtime/runtime-api.test.ts',
  'test/runtime/loopback-http.test.ts',
  'test/runtime/build-cache-pruning.test.ts',
  'test/runtime/clock.test.ts',
  'test/runtime/async-invocations.test.ts',
  'test/triggers/layering.test.ts',
  'test/triggers/event-sources/mapping-filter.test.ts',
  'test/template/outputs.test.ts',
  'test/triggers/cloudfront/cache-and-config.test.ts',
];

// Tests start real processes; a cold Python or Node start on a busy 2-core machine can take a
// few hundred milliseconds, so allow generous per-test time.
const timeouts = { testTimeout: 60_000, hookTimeout: 60_000 };

/**
 * Test files run in parallel, two workers per core. Most files spend most of their time waiting
 * (a backend's delay, a timeout run out, a freeze, a child process starting): measured in a cpuacct
 * cgroup, the Python labs file used 14 s of CPU in 43 s, stuck-function 2.8 s in 19 s, so one
 * worker per core left the cores idle. The compilers' first builds (Maven, javac, go build) run
 * while their files load (test/support/go-cache.ts, java-cache.ts), outside any test's timeout.
 * LAMBDA_DOJO_TEST_WORKERS overrides it (1: one file at a time).
 */
const defaultWorkers = 2 * Math.max(1, availableParallelism());

function workers(): number {
  const configured = process.env.LAMBDA_DOJO_TEST_WORKERS;
  if (configured === undefined || configured === '') return defaultWorkers;
  const count = Number(configured);
  if (!Number.isInteger(count) || count < 1) throw new Error(`LAMBDA_DOJO_TEST_WORKERS=${configured} is not a whole number of 1 or more. Unset it for the default (${defaultWorkers} here).`);
  return count;
}

export default defineConfig({
  test: {
    // The SDKs Lambda's Node.js and Python runtimes include (installed once into .cache/runtime-sdks),
    // once for the whole run.
    globalSetup: ['test/global-setup.ts'],
    maxWorkers: workers(),
    // Longest files first across the four projects (Vitest's own order runs project by project).
    sequence: { sequencer: LongestFirstSequencer },
    // unit and runtime files share their workers (isolate: false): a worker imports the runtime, the
    // endpoint and the AWS SDK clients once instead of once per file (51 trigger and endpoint
    // files: 25 s of CPU instead of 38). It asks of those files what they do already: restore
    // the environment variables they change, and shut down every service and server they start.
    // The labs and site files, long and few, keep a process each.
    projects: [
      { test: { name: 'unit', include: unit, isolate: false, ...timeouts } },
      { test: { name: 'runtime', include: ['test/**/*.test.ts'], exclude: [...unit, 'test/labs/**', 'test/site/**'], isolate: false, ...timeouts } },
      { test: { name: 'labs', include: ['test/labs/*.test.ts'], exclude: unit, ...timeouts } },
      { test: { name: 'site', include: ['test/site/*.test.ts'], ...timeouts } },
    ],
  },
});
