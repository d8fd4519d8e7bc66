// `serve` with a WebSocket API template, as a user runs it: a real child process, the API's ws://
// URL (with its stage) and the table in --outputs, a real WebSocket client through the $connect
// authorizer, and one console line per connection and message.

import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { projectRoot } from '../../support/cli.ts';
import { chatTemplate } from './chat-template.ts';

const folder = mkdtempSync(join(tmpdir(), 'serve-websocket-'));
const outputsFile = join(folder, 'outputs.json');
writeFileSync(join(folder, 'template.yaml'), chatTemplate);

describe('serve --template with a WebSocket API', () => {
  const child = execa(process.execPath, [`${projectRoot}bin/lambda-dojo.mjs`, 'serve', '--template', join(folder, 'template.yaml'), '--port', '0', '--outputs', outputsFile, '--quiet'], { cwd: projectRoot, reject: false, all: true, stdin: 'ignore' });
  let output = '';
  let outputs: { websockets: Record<string, string>; tables: Record<string, { name: string }> };
  beforeAll(async () => {
    await new Promise<void>((resolve, reject) => {
      child.all!.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('Stop with Ctrl-C.')) resolve();
      });
      void child.then((r) => reject(new Error(`serve ended before it was ready (exit ${r.exitCode}):\n${output}`)));
    });
    outputs = JSON.parse(readFileSync(outputsFile, 'utf8'));
  });
  afterAll(() => {
    child.kill('SIGTERM');
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes each WebSocket API as ws:// with its stage under websockets, and says where it listens', () => {
    expect(outputs.websockets).toEqual({ ChatApi: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/prod$/), BareApi: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/dev$/) });
    expect(outputs.tables.Connections!.name).toMatch(/^Connections-/);
    expect(output).toContain(`WebSocket API ChatApi: ${outputs.websockets.ChatApi} routes $connect (authorizer chat-auth), $disconnect, $default, send`);
  });

  it('connects a client through the authorizer, echoes a message on $default, and logs both', async () => {
    const ws = new WebSocket(outputs.websockets.ChatApi!, { headers: { Auth: 'allow' } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const answer = new Promise<string>((resolve) => ws.once('message', (data) => resolve(data.toString())));
    ws.send('hello');
    expect(JSON.parse(await answer)).toMatchObject({ route: '$default', body: 'hello', principal: 'ada' });
    ws.close();
    await expect.poll(() => output).toMatch(/WS ChatApi \$connect 101 \S+ \d+ ms, authorizer chat-auth: arn:aws:execute-api:us-east-1:123456789012:\w+\/prod\/\$connect allowed by/);
    await expect.poll(() => output).toMatch(/WS ChatApi message \S+ route \$default 200 \d+ ms/);
    const refused = await new Promise<number>((resolve) => new WebSocket(outputs.websockets.ChatApi!).once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(refused).toBe(401);
  });

  it("refuses a web page's upgrade (any Origin) and a foreign Host before the authorizer runs, as every local listener does", async () => {
    const status = (options: { headers: Record<string, string> }) =>
      new Promise<number>((resolve, reject) => new WebSocket(outputs.websockets.ChatApi!, options).once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)).once('open', () => reject(new Error('the upgrade was accepted'))));
    expect(await status({ headers: { Auth: 'allow', Origin: 'https://example.com' } })).toBe(403);
    expect(await status({ headers: { Auth: 'allow', Host: 'attacker.example:80' } })).toBe(403);
    await expect.poll(() => output).toContain("refused a web page's connection (Origin https://example.com)");
  });
});
