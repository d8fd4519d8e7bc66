// The lines the runtimes themselves write, in Lambda's text format.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { deploy, useService } from '../support/service.ts';

const [node, python] = runtimesUnderTest as [(typeof runtimesUnderTest)[0], (typeof runtimesUnderTest)[0]];

describe('log lines', () => {
  const service = useService();

  it('Node.js console.log lines carry the time, the request id and the level', async () => {
    const name = await deploy(service(), node.runtime, 'nodejs', 'logs.handler');
    const out = await service().invoke({ FunctionName: name });
    const id = out.RequestId.replaceAll('-', '\\-');
    expect(out.Logs).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${id}\\tINFO\\thello from the handler \\{ id: 7 \\}$`))]));
    expect(out.Logs).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`Z\\t${id}\\tERROR\\ta problem, reported$`))]));
  });

  it('Python logging lines carry the level, the time and the request id', async () => {
    const name = await deploy(service(), python.runtime, 'python', 'logs.handler');
    const out = await service().invoke({ FunctionName: name });
    expect(out.Logs).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^\\[ERROR\\]\\t\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${out.RequestId}\\ta problem, reported$`))]));
  });

  it('START, END and REPORT follow Lambda\'s format, Billed Duration including init', async () => {
    const name = await deploy(service(), node.runtime, 'nodejs', 'echo.handler', { MemorySize: 512 });
    const out = await service().invoke({ FunctionName: name });
    expect(out.Logs[0]).toMatch(/^INIT_START Runtime Version: nodejs:\d+\.v\d+\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$/);
    expect(out.Logs[1]).toBe(`START RequestId: ${out.RequestId} Version: $LATEST`);
    expect(out.Logs.at(-2)).toBe(`END RequestId: ${out.RequestId}`);
    const report = out.Logs.at(-1)!;
    expect(report).toMatch(new RegExp(`^REPORT RequestId: ${out.RequestId}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 512 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d\\d ms$`));
    const { durationMs, initDurationMs, billedDurationMs, maxMemoryUsedMB } = out.Report;
    expect(billedDurationMs).toBe(Math.ceil(durationMs + initDurationMs!));
    expect(maxMemoryUsedMB).toBeGreaterThan(10);
  });

  it('LogType Tail returns the last 4 KB of a long log, ending with REPORT', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dojo-tail-'));
    try {
      writeFileSync(join(folder, 'index.mjs'), "export const handler = async () => { for (let i = 0; i < 200; i++) console.log(`line ${i} `.padEnd(80, '.')); return 'done'; };\n");
      await service().createFunction({ FunctionName: 'long-log', Runtime: node.runtime, Handler: 'index.handler', Code: { Directory: folder } });
      const out = await service().invoke({ FunctionName: 'long-log', LogType: 'Tail' });
      const tail = Buffer.from(out.LogResult!, 'base64');
      expect(tail.length).toBe(4096);
      expect(tail.toString('utf8')).toMatch(/REPORT RequestId: [^\n]+\n$/);
      expect(tail.toString('utf8')).toContain('line 199 ');
      expect(tail.toString('utf8')).not.toContain('line 1 ');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
