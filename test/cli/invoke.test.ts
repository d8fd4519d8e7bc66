import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { fixtures } from '../support/service.ts';

const node = `nodejs${process.versions.node.split('.')[0]}.x`;

describe('lambda-dojo invoke', () => {
  it('prints the response on stdout and the logs on stderr, exit code 0', async () => {
    const r = await cli(['invoke', fixtures('python'), '--runtime', runtimesUnderTest[1]!.runtime, '--handler', 'echo.handler', '--event', '{"a":1}']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ received: { a: 1 } });
    expect(r.stderr).toMatch(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/m);
    expect(r.stderr).toMatch(/^END RequestId: /m);
    expect(r.stderr).toMatch(/^REPORT RequestId: .*\tInit Duration: /m);
  });

  it('reads the event from a file and applies memory, timeout and environment', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dojo-cli-test-'));
    try {
      const event = join(folder, 'event.json');
      writeFileSync(event, '{"from":"file"}');
      const r = await cli(['invoke', fixtures('nodejs'), '--runtime', node, '--handler', 'context.handler', '--event-file', event, '--memory', '256', '--timeout', '5', '--env', 'GREETING=hi']);
      expect(r.exitCode).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.memoryLimitInMB).toBe(256);
      expect(out.env.GREETING).toBe('hi');
      expect(out.remainingTimeInMillis).toBeLessThanOrEqual(5000);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('prints a streaming function\'s answer as it streams, and its HTTP prelude apart on stderr', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dojo-cli-stream-'));
    try {
      writeFileSync(
        join(folder, 'index.mjs'),
        "export const handler = awslambda.streamifyResponse(async (event, stream) => {\n  stream = awslambda.HttpResponseStream.from(stream, { statusCode: 200 });\n  stream.write('one,');\n  stream.write('two');\n  stream.end();\n});\n",
      );
      const r = await cli(['invoke', folder, '--runtime', node, '--handler', 'index.handler']);
      expect(r.exitCode).toBe(0);
      expect(r.stdout.trim()).toBe('one,two');
      expect(r.stderr).toContain('the function streamed an HTTP response: {"statusCode":200}');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('exits 1 with the error JSON on stdout when the function fails', async () => {
    const r = await cli(['invoke', fixtures('nodejs'), '--runtime', node, '--handler', 'throws.handler', '--event', '{"message":"bad"}']);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ errorType: 'Error', errorMessage: 'bad' });
  });

  it('shows cold then warm starts with --repeat', async () => {
    const r = await cli(['invoke', fixtures('nodejs'), '--runtime', node, '--handler', 'counter.handler', '--repeat', '3']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).count)).toEqual([1, 2, 3]);
    const reports = r.stderr.split('\n').filter((l) => l.startsWith('REPORT'));
    expect(reports).toHaveLength(3);
    expect(reports.map((l) => l.includes('Init Duration'))).toEqual([true, false, false]);
  });

  it.each([
    [['invoke'], /Give exactly one code folder/],
    [['invoke', '.', '--handler', 'a.b'], /--runtime is required: one of nodejs20.x/],
    [['invoke', '.', '--runtime', node], /--handler is required/],
    [['invoke', '.', '--runtime', node, '--handler', 'a.b', '--memory', 'lots'], /--memory lots is not a whole number/],
    [['invoke', '.', '--runtime', node, '--handler', 'a.b', '--memory', '64'], /ValidationException: .*Value '64' at 'memorySize'/],
    [['invoke', '.', '--runtime', 'cobol', '--handler', 'a.b'], /InvalidParameterValueException: The runtime parameter of cobol is not supported/],
    [['invoke', '.', '--runtime', node, '--handler', 'a.b', '--env', 'NOEQUALS'], /--env NOEQUALS is not KEY=VALUE/],
    [['invoke', fixtures('nodejs'), '--runtime', node, '--handler', 'echo.handler', '--event', '{bad'], /InvalidRequestContentException: Could not parse request body into json/],
    [['invoke', '.', '--runtime', node, '--handler', 'a.b', '--event-file', '/nope.json'], /Cannot read --event-file \/nope.json: ENOENT/],
    [['invoke', '.', '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /Unknown command 'frobnicate'/],
  ])('refuses %j with exit code 2 and a clear message', async (args, message) => {
    const r = await cli(args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });
});
