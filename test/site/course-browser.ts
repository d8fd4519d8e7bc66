// Shared by the browser tests of the course server: a fresh build of the site in a temporary
// folder, the course server on it with a temporary workspace, and Chromium as the CI runs it.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { startCourseServer, type CourseServer } from '../../src/site/server/course-server.ts';
import { projectRoot } from '../support/cli.ts';
import { chromiumPath } from '../support/requirements.ts';

export const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/** The shell's environment without what Vitest adds (NODE_ENV=test, ...), which would make Astro build a dev flavour without search. */
export function buildEnvironment(): NodeJS.ProcessEnv {
  const vitestKeys = new Set(['TEST', 'NODE_ENV', 'MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL']);
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !vitestKeys.has(key) && !key.startsWith('VITEST')));
}

export interface CourseUnderTest {
  server: CourseServer;
  browser: Browser;
  site: string;
  workspace: string;
  close(): Promise<void>;
}

export async function startCourseUnderTest(): Promise<CourseUnderTest> {
  const site = await mkdtemp(join(tmpdir(), 'dojo-site-'));
  const workspace = await mkdtemp(join(tmpdir(), 'dojo-ws-'));
  await promisify(execFile)(process.execPath, [join(projectRoot, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', site], {
    cwd: projectRoot,
    env: { ...buildEnvironment(), ASTRO_TELEMETRY_DISABLED: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const server = await startCourseServer({ projectRoot, siteFolder: site, labsFolder: join(projectRoot, 'labs'), workspaceFolder: workspace, port: 0 });
  const browser = await chromium.launch({ executablePath: chromiumPath!, args: chromiumFlags });
  return {
    server,
    browser,
    site,
    workspace,
    close: async () => {
      await browser.close();
      await server.close();
      await rm(site, { recursive: true, force: true });
      await rm(workspace, { recursive: true, force: true });
    },
  };
}
