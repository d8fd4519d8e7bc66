// Runs once before the tests: makes sure the SDKs Lambda's runtimes include are installed in the
// project (npm install does it too; a worktree or an interrupted install may lack them). A
// failure is reported, not thrown: the tests that need an SDK skip, or in CI fail, on their own.

// It also gives the run a folder for the one build of the course site (test/site/built-site.ts).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureRuntimeSdks } from '../src/runtime/runtimes/runtime-sdk-install.ts';

export default async function setup(project: TestProject): Promise<() => void> {
  const siteBuildRoot = mkdtempSync(join(tmpdir(), 'lambda-dojo-site-build-'));
  project.provide('siteBuildRoot', siteBuildRoot);
  await ensureRuntimeSdks((line) => console.log(`[runtime SDKs] ${line}`));
  return () => rmSync(siteBuildRoot, { recursive: true, force: true });
}
