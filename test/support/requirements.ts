// What the test suite needs from the machine beyond npm: each runtime's toolchain and Chromium.
// On a learner's or contributor's machine, tests for a missing toolchain are skipped (and say
// why); in CI, where .ci/run installs everything, test/requirements.test.ts fails instead.

import { existsSync } from 'node:fs';

/** CI sets CI=true; LAMBDA_DOJO_TEST_ALL=1 asks the same of any machine. */
export const requireEverything = process.env.CI === 'true' || process.env.LAMBDA_DOJO_TEST_ALL === '1';

const chromiumCandidates = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** The browser the site tests drive, or undefined when none is installed. */
export const chromiumPath = chromiumCandidates.find((path): path is string => Boolean(path) && existsSync(path!));

export const chromiumHint = 'Install Chromium (Debian, Ubuntu: sudo apt-get install chromium; macOS: brew install --cask chromium), or set CHROMIUM_PATH.';
