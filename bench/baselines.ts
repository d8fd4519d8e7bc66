// Per runtime: what the bench invokes and the bare toolchain start it is compared with.

export interface Bench {
  runtime: string;
  family: string;
  /** Starting the toolchain and doing nothing: the floor a cold start cannot go under. */
  bare: { command: string; args: string[] };
}

export const baselines: Bench[] = [
  { runtime: `nodejs${process.versions.node.split('.')[0]}.x`, family: 'nodejs', bare: { command: process.execPath, args: ['-e', '0'] } },
  { runtime: 'python3.11', family: 'python', bare: { command: 'python3', args: ['-c', '0'] } },
];
