// Shared by the browser tests of the course server: the run's fresh build of the site
// (built-site.ts), the course server on it with a temporary workspace, and Chromium as the CI runs it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startCourseServer, type CourseServer } from '../../src/site/server/course-server.ts';
import { projectRoot } from '../support/cli.ts';
import { chromiumPath } from '../support/requirements.ts';
import { builtSite } from './built-site.ts';

export const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];


export interface CourseUnderTest {
  server: CourseServer;
  browser: Browser;
  site: string;
  workspace: string;
  close(): Promise<void>;
}

export async function startCourseUnderTest(): Promise<CourseUnderTest> {
  const site = await builtSite();
  const workspace = await mkdtemp(join(tmpdir(), 'dojo-ws-'));
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
      await rm(workspace, { recursive: true, force: true });
    },
  };
}
