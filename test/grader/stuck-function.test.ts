// A function that never answers, graded through the real CLI: it is explained once, in the
// check where it happened, and the checks after it are skipped instead of each waiting again.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, projectRoot } from '../support/cli.ts';

const labs = join(projectRoot, 'test/fixtures/labs');
let workspace: string;

const run = (args: string[]) => cli(['lab', ...args], { env: { LAMBDA_DOJO_LABS: labs, LAMBDA_DOJO_WORKSPACE: workspace, NO_COLOR: '1' } });
/** Puts `source` in place as the learner's Node.js code for the fixture lab. */
function learnerCode(source: string) {
  const folder = join(workspace, '90-fixture-greeting', 'nodejs');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'index.mjs'), source);
}

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'dojo-stuck-test-'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

describe('a stuck function', () => {
  it('a handler that never returns is explained once, in the first check, and the later checks are skipped', async () => {
    learnerCode('export const handler = async () => { await new Promise(() => setInterval(() => {}, 1000)); };\n');
    const r = await run(['90', '--lang', 'nodejs']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('✗ answers at all');
    expect(r.stdout).toContain('Your handler did not return within 3 s, the function\'s timeout, so Lambda stopped it (check "answers at all", event {}).');
    expect(r.stdout).toContain('- greets by name (skipped: the function is stuck, see above)');
    expect(r.stdout.match(/Task timed out/g)).toHaveLength(1);
    expect(r.stdout).toContain('Stopped early: in "answers at all", the handler did not return within 3 s.');
    expect(JSON.parse(readFileSync(join(workspace, 'progress.json'), 'utf8')).labs['90'].nodejs).toMatchObject({ status: 'failing', passed: 0, total: 2 });
  });

  it('an init that never finishes is reported at its 10-second limit, once, with the later checks skipped', async () => {
    learnerCode('await new Promise(() => setInterval(() => {}, 1000));\nexport const handler = async () => ({ message: "never" });\n');
    const r = await run(['90', '--lang', 'nodejs', '--reporter', 'junit']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('<failure message="Your function&apos;s init'.replace('&apos;', "'"));
    expect(r.stdout).toContain('did not finish within 10 s, Lambda&apos;s limit for init'.replace('&apos;', "'"));
    expect(r.stdout).toMatch(/<testcase classname="lab90.nodejs" name="greets by name" time="[\d.]+">\s*<skipped message="not run: Your function's init/);
    expect(r.stdout).toMatch(/skipped="1"/);
    expect(r.stdout).not.toContain('Sandbox.Timedout');
  });

  it('a handler that never returns shows as a failure then errors in results.json', async () => {
    learnerCode('export const handler = () => new Promise(() => setInterval(() => {}, 1000));\n');
    const results = JSON.parse((await run(['90', '--lang', 'nodejs', '--reporter', 'json'])).stdout);
    expect(results.tests.map((t: { status: string }) => t.status)).toEqual(['fail', 'error']);
    expect(results.tests[1].message).toContain('Not run: Your handler did not return within 3 s');
  });
});
