// Runs once before the tests: makes sure the SDKs Lambda's runtimes include are installed in the
// project (npm install does it too; a worktree or an interrupted install may lack them). A
// failure is reported, not thrown: the tests that need an SDK skip, or in CI fail, on their own.

import { ensureRuntimeSdks } from '../src/runtime/runtimes/runtime-sdk-install.ts';

export default async function setup(): Promise<void> {
  await ensureRuntimeSdks((line) => console.log(`[runtime SDKs] ${line}`));
}
