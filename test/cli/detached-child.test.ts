// A function that leaves a detached process behind holds nothing open: `lambda-dojo invoke`
// exits when the function has answered, and the process it left ends with the environment.

import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';
import { eventually, newToken, sleepers } from '../support/processes.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { fixtures } from '../support/service.ts';

const runtimeOf = (family: string) => runtimesUnderTest.find((r) => r.family === family)!.runtime;

describe.runIf(process.platform === 'linux')('lambda-dojo invoke with a function that leaves a detached child', () => {
  it.each([
    { family: 'nodejs', event: {} },
    { family: 'python', event: { kind: 'daemon' } },
  ])('$family: exits when the function answers and leaves no process behind', async ({ family, event }) => {
    const token = newToken(); // a sleep of ten minutes: the command would wait that long if it held on
    const r = await cli(['invoke', fixtures(family), '--runtime', runtimeOf(family), '--handler', 'escape.handler', '--event', JSON.stringify({ ...event, token })]);
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBe(0);
    expect(await eventually(() => sleepers(token).length === 0)).toBe(true);
  });
});
