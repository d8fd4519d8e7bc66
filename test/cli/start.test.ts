// A one-shot command starts without stripping the CLI's TypeScript again: the bin keeps Node's
// compile cache under ~/.cache/lambda-dojo, and every npm script of the CLI goes through the bin.

import { readdirSync, mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, projectRoot } from '../support/cli.ts';

const home = mkdtempSync(join(tmpdir(), 'dojo-start-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const cachedModules = (folder: string): string[] => readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => /\/[0-9a-f]+$/.test(name));

describe('the CLI start', () => {
  it('keeps compiled modules in ~/.cache/lambda-dojo/node-compile-cache', async () => {
    const r = await cli(['--help'], { env: { HOME: home, NODE_COMPILE_CACHE: '' } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(cachedModules(join(home, '.cache', 'lambda-dojo', 'node-compile-cache')).length).toBeGreaterThan(0);
  });

  it('runs through the bin from every npm script of the CLI', () => {
    const scripts = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const name of ['invoke', 'lab', 'doctor', 'encrypt']) expect(scripts[name]).toBe(`node bin/lambda-dojo.mjs ${name}`);
  });
});
