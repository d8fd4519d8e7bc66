// A one-shot command starts without stripping the CLI's TypeScript again: the bin keeps Node's
// compile cache under ~/.cache/lambda-dojo, and every npm script of the CLI goes through the bin.

import { spawn } from 'node:child_process';
import { readdirSync, mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
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

describe('npm start', () => {
  it('prints the address with its token, serves the site there, and stops on SIGTERM', async () => {
    const site = mkdtempSync(join(tmpdir(), 'dojo-start-site-'));
    const workspace = mkdtempSync(join(tmpdir(), 'dojo-start-ws-'));
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>course</title>');
    const child = spawn(process.execPath, [join(projectRoot, 'bin/lambda-dojo.mjs'), 'start', '--port', '0', '--no-open', '--no-build'], {
      env: { ...process.env, LAMBDA_DOJO_SITE: site, LAMBDA_DOJO_WORKSPACE: workspace },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let printed = '';
      const address = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          printed += chunk.toString();
          const found = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(printed);
          if (found) resolve(found[0]);
        });
        child.on('exit', (code) => reject(new Error(`npm start ended (${code}) before printing its address: ${printed}`)));
      });
      const res = await fetch(address, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('set-cookie')).toContain('HttpOnly; SameSite=Strict');
      await expect((await fetch(new URL('/', address))).text()).resolves.toContain('<title>course</title>');
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await expect(exited).resolves.toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(site, { recursive: true, force: true });
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('refuses a port that is not a number, saying which values it takes', async () => {
    const r = await cli(['start', '--port', 'eighty', '--no-open', '--no-build']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--port takes a port number from 0 to 65535, not "eighty"');
  });
});
