// A closed terminal sends SIGHUP: the command ends its service cleanly (every environment, and
// whatever its functions started, ends; the service's folder goes), as on Ctrl-C or kill.

import { execa } from 'execa';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/cli.ts';
import { eventually, newToken, sleepers } from '../support/processes.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { fixtures } from '../support/service.ts';

const python = runtimesUnderTest.find((r) => r.family === 'python')!.runtime;

/** Service folders whose owner file names this pid. */
function foldersOwnedBy(pid: number): string[] {
  return ['/var/tmp', tmpdir()].flatMap((parent) => {
    try {
      return readdirSync(parent)
        .filter((name) => name.startsWith('lambda-dojo-'))
        .map((name) => join(parent, name))
        .filter((root) => {
          try {
            return Number(readFileSync(join(root, 'owner.pid'), 'utf8').split(' ')[0]) === pid;
          } catch {
            return false;
          }
        });
    } catch {
      return [];
    }
  });
}

describe.runIf(process.platform === 'linux')('lambda-dojo invoke on SIGHUP', () => {
  it('ends the invocation, everything the function started and the service folder, and exits 129', async () => {
    const token = newToken();
    const event = JSON.stringify({ kind: 'daemon', ignoreHangup: true, token, thenWait: 30 });
    const child = execa(process.execPath, [`${projectRoot}bin/lambda-dojo.mjs`, 'invoke', fixtures('python'), '--runtime', python, '--handler', 'escape.handler', '--event', event], {
      reject: false,
      stdin: 'ignore',
      timeout: 60_000,
    });
    expect(await eventually(() => sleepers(token).length === 1, 30_000)).toBe(true);
    expect(foldersOwnedBy(child.pid!)).toHaveLength(1);
    child.kill('SIGHUP');
    const result = await child;
    expect(result.exitCode).toBe(129);
    expect(await eventually(() => sleepers(token).length === 0)).toBe(true);
    expect(foldersOwnedBy(child.pid!)).toEqual([]);
  });
});
