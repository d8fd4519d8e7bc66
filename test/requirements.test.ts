// In CI every toolchain and the browser must be there: a test skipped for want of one would
// otherwise pass unseen. Elsewhere this file only reports what is missing.

import { describe, expect, it } from 'vitest';
import { chromiumHint, chromiumPath, requireEverything } from './support/requirements.ts';
import { missingRuntimes } from './support/runtimes.ts';
import { installedRuntimeSdk, runtimeSdks } from '../src/runtime/runtimes/runtime-sdks.ts';

describe.runIf(requireEverything)('the machine running the tests (CI)', () => {
  it('has the toolchain of every runtime', () => {
    expect(missingRuntimes, 'install them as .ci/run does; npm run doctor lists the commands').toEqual([]);
  });

  it('has the AWS SDKs that Lambda\'s Node.js and Python runtimes include', () => {
    const missing = runtimeSdks().filter((sdk) => !installedRuntimeSdk(sdk)).map((sdk) => `${sdk.family}: ${sdk.title}`);
    expect(missing, 'npm install runs npm run setup; its output says why an install failed').toEqual([]);
  });

  it('has Chromium for the browser tests', () => {
    expect(chromiumPath, chromiumHint).toBeDefined();
  });
});
