// The course server over real HTTP, without a browser: who it refuses (no token, a foreign
// Origin, a wrong Host, a body that is not JSON) and that grading through it says exactly what
// the terminal says for the same code.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCourseServer, type CourseServer } from '../../src/site/server/course-server.ts';
import { cli, projectRoot } from '../support/cli.ts';

let server: CourseServer;
const workspace = mkdtempSync(join(tmpdir(), 'dojo-course-ws-'));
const site = mkdtempSync(join(tmpdir(), 'dojo-course-site-'));

beforeAll(async () => {
  mkdirSync(join(site, 'labs'));
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>home</title>');
  server = await startCourseServer({ projectRoot, siteFolder: site, labsFolder: join(projectRoot, 'labs'), workspaceFolder: workspace, port: 0 });
});
afterAll(async () => {
  await server?.close();
  rmSync(workspace, { recursive: true, force: true });
  rmSync(site, { recursive: true, force: true });
});

const bearer = () => ({ Authorization: `Bearer ${server.token}` });
const post = (path: string, body: object, headers: Record<string, string> = bearer()) =>
  fetch(server.url + path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** Plain node:http, because fetch will not let a script set Host. */
function rawGet(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    request(server.url + path, { headers }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    }).on('error', reject).end();
  });
}

describe('the course server refuses', () => {
  test('an API request without the token, and one with a wrong token', async () => {
    expect((await fetch(`${server.url}/api/course`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/course`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${server.url}/api/course`, { headers: bearer() })).status).toBe(200);
  });

  test('a state-changing request from another origin, even with the session cookie', async () => {
    const cookie = `lambda-dojo-${server.port}=${server.token}`;
    const foreign = await post('/api/labs/1/open', { language: 'nodejs' }, { Cookie: cookie, Origin: 'http://127.0.0.1:1' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    // With the cookie alone (no Origin), a browser could not have sent it: refused too.
    expect((await post('/api/labs/1/open', { language: 'nodejs' }, { Cookie: cookie })).status).toBe(403);
    expect((await post('/api/labs/1/open', { language: 'nodejs' }, { Cookie: cookie, Origin: server.url })).status).toBe(200);
  });

  test('a Host that is not loopback with its port (DNS rebinding)', async () => {
    expect(await rawGet('/api/course', { Host: `evil.example:${server.port}`, ...bearer() })).toBe(403);
    expect(await rawGet('/', { Host: `evil.example:${server.port}` })).toBe(403);
  });

  test('a body that is not JSON, and a language the lab does not offer', async () => {
    const form = await fetch(`${server.url}/api/labs/1/grade`, { method: 'POST', headers: { ...bearer(), 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'language=nodejs' });
    expect(form.status).toBe(415);
    const cobol = await post('/api/labs/1/open', { language: 'cobol' });
    expect(cobol.status).toBe(400);
    await expect(cobol.json()).resolves.toMatchObject({ errorMessage: expect.stringContaining('nodejs') });
  });

  test('saving a file outside the lab\'s folder', async () => {
    await post('/api/labs/1/open', { language: 'nodejs' });
    const escape = await post('/api/labs/1/files', { language: 'nodejs', file: '../../progress.json', text: '{}' });
    expect(escape.status).toBe(400);
  });
});

describe('the token', () => {
  test('in the printed address becomes an HttpOnly SameSite=Strict cookie and leaves the URL', async () => {
    const res = await fetch(server.openUrl, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`^lambda-dojo-${server.port}=${server.token}; HttpOnly; SameSite=Strict; Path=/$`));
  });
});

test('grading lab 1 through the server prints what npm run lab 1 prints for the same code', async () => {
  const res = await post('/api/labs/1/grade', { language: 'nodejs' });
  expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
  const messages = (await res.text()).trim().split('\n').map((line) => JSON.parse(line) as { type: string; text?: string });
  const page = messages.filter((m) => m.type === 'check' || m.type === 'done').map((m) => m.text!).join('\n');
  const terminal = await cli(['lab', '1', '--lang', 'nodejs'], { env: { ...process.env, LAMBDA_DOJO_WORKSPACE: workspace, NO_COLOR: '1' } as Record<string, string> });
  // Both list each check's block and the summary; the terminal adds its header and advice around them.
  const withoutIds = (text: string) => text.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'ID').replace(/\d+(\.\d+)? ms/g, 'N ms').replace(/Max Memory Used: \d+ MB/g, 'M');
  expect(withoutIds(terminal.stdout)).toContain(withoutIds(page));
  const progress = JSON.parse(readFileSync(join(workspace, 'progress.json'), 'utf8'));
  expect(progress.labs['1'].nodejs.status).toBe('failing');
});
