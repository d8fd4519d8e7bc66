// Per runtime: what the bench invokes and the bare toolchain start it is compared with.

import type { Toolchain } from '../src/runtime/runtimes/registry.ts';

export interface Bench {
  runtime: string;
  family: string;
  /** Starting the toolchain and doing nothing: the floor a cold start cannot go under. */
  bare: (toolchain: Toolchain) => { command: string; args: string[] };
}

export const baselines: Bench[] = [
  { runtime: `nodejs${process.versions.node.split('.')[0]}.x`, family: 'nodejs', bare: (t) => ({ command: t.command, args: ['-e', '0'] }) },
  { runtime: 'python3.11', family: 'python', bare: (t) => ({ command: t.command, args: ['-c', '0'] }) },
];
