// `npm run setup` (and npm install's postinstall): installs the AWS SDKs that Lambda's Node.js and
// Python runtimes include into the project's .cache folder, once. After npm install a failure is
// only reported (npm install itself must not fail for want of network); the command alone exits 1.

import { ensureRuntimeSdks } from '../runtime/runtimes/runtime-sdk-install.ts';

export async function main(args: string[]): Promise<number> {
  const postinstall = args.includes('--postinstall');
  const results = await ensureRuntimeSdks((line) => console.log(line));
  for (const result of results) {
    if (result.ok && !result.fresh) console.log(`${result.family}: runtime SDK already installed (${Object.keys(result.installed.pinned).join(', ')}).`);
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0 && postinstall) {
    console.log(`The runtime SDKs of ${failed.map((r) => r.family).join(', ')} are missing: handlers that import the AWS SDK will not find it until npm run setup succeeds.`);
  }
  return failed.length > 0 && !postinstall ? 1 : 0;
}
