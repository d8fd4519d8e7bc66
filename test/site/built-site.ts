// The course site, built once per test run for every browser test: three files each building
// it at once in the same project raced on Astro's .astro/ cache (one build read a chunk another
// was rewriting) and tripled the work. The first file to ask builds it into this run's folder
// (from global-setup.ts); the others wait for its "done" or "failed" mark. Still a fresh build
// into a temporary folder, so a stale dist/ can never make a test pass.

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { projectRoot } from '../support/cli.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder of this test run's own, for the one site build. */
    siteBuildRoot: string;
  }
}

/** The shell's environment without what Vitest adds (NODE_ENV=test, DEV=1, MODE, ...): Astro reads those and would build a development flavour of the site, which has no search. */
export function buildEnvironment(): NodeJS.ProcessEnv {
  const vitestKeys = new Set(['TEST', 'NODE_ENV', 'MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL']);
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !vitestKeys.has(key) && !key.startsWith('VITEST')));
}

export async function builtSite(): Promise<string> {
  const root = inject('siteBuildRoot');
  const site = join(root, 'site');
  const done = join(root, 'done');
  const failed = join(root, 'failed');
  try {
    mkdirSync(join(root, 'building'));
  } catch {
    // Another test file is building it: wait for its mark.
    for (;;) {
      if (existsSync(done)) return site;
      if (existsSync(failed)) throw new Error(`The course site did not build (in another test file):\n${readFileSync(failed, 'utf8')}`);
      await sleep(250);
    }
  }
  try {
    await promisify(execFile)(process.execPath, [join(projectRoot, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', site], {
      cwd: projectRoot,
      env: { ...buildEnvironment(), ASTRO_TELEMETRY_DISABLED: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    writeFileSync(failed, String((error as Error).message));
    throw error;
  }
  writeFileSync(done, '');
  return site;
}
