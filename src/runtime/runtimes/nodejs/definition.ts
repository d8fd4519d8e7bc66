// Node.js: runs on the Node that runs the course (the project pins Node 24 from npm).

import { detectOnce, runtimeDir, type RuntimeDefinition, type Toolchain } from '../toolchain.ts';

const toolchain = (): Promise<Toolchain | undefined> => detectOnce('nodejs', async () => ({ command: process.execPath, version: process.versions.node }));

function nodejs(major: string): RuntimeDefinition {
  return {
    id: `nodejs${major}.x`,
    family: 'nodejs',
    languageVersion: major,
    detect: toolchain,
    launch: (found) => ({ command: found.command, args: [`${runtimeDir('nodejs')}bootstrap.mjs`], runtimeDir: runtimeDir('nodejs') }),
    installHint: 'Node.js runs the course itself: run npm install in the project folder.',
  };
}

// Source: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html; dates, deprecated
// ones included: deprecation.ts.
export const definitions = [nodejs('20'), nodejs('22'), nodejs('24')];
