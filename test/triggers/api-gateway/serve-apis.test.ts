// `lambda-dojo serve` with a template of APIs and authorizers, as a learner runs it: a real child
// process, the APIs' URLs in --outputs, and each answer (200, 401, 403, 500, 502) seen with curl
// (fetch where curl is missing), with the access-log and decision lines on serve's console.

import { execa, type ResultPromise } from 'execa';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../support/cli.ts';
import { fixtureTemplate } from './start-template.ts';

const hasCurl = (() => {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Status and body, by curl as a learner would type it. */
async function curl(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  if (!hasCurl) {
    const res = await fetch(url, { headers });
    return { status: res.status, body: await res.text() };
  }
  const args = ['-s', '-w', '\n%{http_code}', ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), url];
  const { stdout } = await execa('curl', args);
  const at = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(at + 1)), body: stdout.slice(0, at) };
}

describe('serve with a template of APIs and Lambda authorizers', () => {
  const folder = mkdtempSync(join(tmpdir(), 'serve-apis-'));
  const outputsFile = join(folder, 'outputs.json');
  let child: ResultPromise;
  let output = '';
  let apis: Record<string, string>;

  beforeAll(async () => {
    child = execa(process.execPath, [`${projectRoot}bin/lambda-dojo.mjs`, 'serve', '--template', fixtureTemplate('api-auth'), '--port', '0', '--outputs', outputsFile, '--quiet'], { reject: false, all: true, stdin: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      child.all!.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('Stop with Ctrl-C.')) resolve();
      });
      void child.then((r) => reject(new Error(`serve ended before it was ready (exit ${r.exitCode}):\n${output}`)));
    });
    apis = JSON.parse(readFileSync(outputsFile, 'utf8')).apis;
  });
  afterAll(() => {
    child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes each API\'s base URL with its stage under "apis" in the outputs file, and prints its routes', () => {
    expect(apis).toEqual({ AuthApi: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/test$/), AuthHttpApi: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    expect(output).toMatch(/AuthApi \(REST API, stage test\) at http:\/\/127\.0\.0\.1:\d+\/test: GET \/pets\/\{id\} -> BackendFunction \[TokenAuth\]/);
  });

  it('answers 200, 401, 403, 500 and 502 to curl, each with API Gateway\'s body', async () => {
    const rest = apis.AuthApi!;
    expect(await curl(`${rest}/pets/1`, { Authorization: 'Bearer allow-curl' })).toMatchObject({ status: 200 });
    expect(await curl(`${rest}/pets/1`)).toEqual({ status: 401, body: '{"message":"Unauthorized"}' });
    expect(await curl(`${rest}/pets/1`, { Authorization: 'Bearer deny' })).toEqual({ status: 403, body: '{"Message":"User is not authorized to access this resource with an explicit deny"}' });
    expect(await curl(`${rest}/pets/1`, { Authorization: 'Bearer crash' })).toEqual({ status: 500, body: '{"message":null}' });
    expect(await curl(`${rest}/shape?shape=body-object`)).toEqual({ status: 502, body: '{"message": "Internal server error"}' });
    expect(await curl(`${apis.AuthHttpApi}/me?tenant=t`, { Authorization: 'nope' })).toEqual({ status: 403, body: '{"message":"Forbidden"}' });
  });

  it('prints one access-log line per request and the authorizer\'s decision with its statement', async () => {
    await curl(`${apis.AuthApi}/pets/2`, { Authorization: 'Bearer stranger' });
    await new Promise((r) => setTimeout(r, 200));
    expect(output).toMatch(/AuthApi authorizer TokenAuth: 403 explicit deny of arn:aws:execute-api:us-east-1:123456789012:[a-z0-9]{10}\/test\/GET\/pets\/2 by Statement\[0\]/);
    expect(output).toMatch(/AuthApi GET \/test\/pets\/2 403 authorizer=miss \d+\.\d ms/);
    expect(output).toMatch(/AuthApi GET \/test\/shape\?shape=body-object 502 authorizer=- \d+\.\d ms \(Malformed Lambda proxy response: body must be a string/);
  });
});
