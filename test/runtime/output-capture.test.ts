// What a function writes becomes log lines correctly and in linear time: a UTF-8 character split
// between two reads stays whole, a line without end is cut into CloudWatch-sized events instead
// of being joined again on every read, and a function's output is read through a file it
// inherits, so nothing it leaves behind can hold the service open.

import { appendFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { maxLineBytes, OutputCapture } from '../../src/runtime/environments/output-capture.ts';
import { LambdaService } from '../../src/runtime/service.ts';

const folder = mkdtempSync(join(tmpdir(), 'dojo-output-'));
const service = new LambdaService();
afterAll(async () => {
  await service.shutdown();
  rmSync(folder, { recursive: true, force: true });
});

function capture(name: string): { lines: string[]; out: OutputCapture; write: (bytes: Buffer) => void } {
  const lines: string[] = [];
  const path = join(folder, name);
  const out = new OutputCapture(path, (text) => lines.push(text));
  return { lines, out, write: (bytes) => appendFileSync(path, bytes) };
}

describe('output capture', () => {
  it('keeps a UTF-8 character whole when a read ends in the middle of it', () => {
    const { lines, out, write } = capture('split.log');
    const euro = Buffer.from('price: 5€\n');
    const cut = euro.indexOf(0xe2) + 1; // inside the three bytes of €
    write(euro.subarray(0, cut));
    out.drain();
    write(euro.subarray(cut));
    out.drain();
    out.close();
    expect(lines).toEqual(['price: 5€']);
  });

  it('cuts a line that never ends into events of at most 256 KB, keeping every byte', () => {
    const { lines, out, write } = capture('long.log');
    const piece = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < 5; i++) {
      write(piece);
      out.drain();
    }
    out.flush();
    out.close();
    expect(lines.every((line) => Buffer.byteLength(line) <= maxLineBytes)).toBe(true);
    expect(lines.join('').length).toBe(5 * 1024 * 1024);
    expect(lines).toHaveLength(Math.ceil((5 * 1024 * 1024) / maxLineBytes));
  });

  it('empties its file once a good deal has been read, and reads on from the start of it', () => {
    const { lines, out, write } = capture('compact.log');
    write(Buffer.from(`${'y'.repeat(2 * 1024 * 1024)}\nfirst\n`));
    out.drain();
    out.compact();
    expect(statSync(join(folder, 'compact.log')).size).toBe(0);
    write(Buffer.from('after\n'));
    out.flush();
    out.close();
    expect(lines.slice(-2)).toEqual(['first', 'after']);
  });

  it('never cuts a long line inside a character', () => {
    const { lines, out, write } = capture('long-euro.log');
    write(Buffer.from('€'.repeat(200_000))); // 600,000 bytes, no newline
    out.flush();
    out.close();
    expect(lines.join('')).toBe('€'.repeat(200_000));
    expect(lines.some((line) => line.includes('\uFFFD'))).toBe(false);
  });
});

describe('a function\'s output through the service', () => {
  it('logs 6 MB of multi-byte characters without a single replacement character', async () => {
    const code = join(folder, 'euro-python');
    mkdirSync(code);
    writeFileSync(join(code, 'app.py'), "import sys\n\ndef handler(event, context):\n    for _ in range(6):\n        sys.stdout.write('€' * 349525)\n        sys.stdout.flush()\n    sys.stdout.write('\\n')\n    return 'ok'\n");
    await service.createFunction({ FunctionName: 'euro-log', Runtime: 'python3.12', Handler: 'app.handler', Code: { Directory: code }, Timeout: 10 });
    const events: string[] = [];
    const listen = (e: { functionName: string; stream: string; message: string }) => {
      if (e.functionName === 'euro-log' && e.stream === 'function') events.push(e.message);
    };
    service.on('log', listen);
    const out = await service.invoke({ FunctionName: 'euro-log' });
    service.off('log', listen);
    expect(out.FunctionError).toBeUndefined();
    const text = events.join('');
    expect(text.includes('\uFFFD')).toBe(false);
    expect(text.split('€').length - 1).toBe(6 * 349525);
  });

  it('takes 20 MB written as one line in 1 MB pieces within the function timeout', async () => {
    const code = join(folder, 'long-node');
    mkdirSync(code);
    writeFileSync(join(code, 'index.mjs'), "export const handler = async () => {\n  const piece = 'y'.repeat(1024 * 1024);\n  for (let i = 0; i < 20; i++) process.stdout.write(piece);\n  return 'written';\n};\n");
    await service.createFunction({ FunctionName: 'long-line', Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { Directory: code }, Timeout: 3 });
    const out = await service.invoke({ FunctionName: 'long-line' });
    expect(out.FunctionError, String(out.Payload)).toBeUndefined();
    expect(out.Report.status).toBe('success');
    // What Invoke keeps of the log is bounded; the rest went out as log events.
    expect(out.Logs.join('\n').length).toBeLessThan(2 * 1024 * 1024);
    expect(out.Logs.some((line) => line.includes('log lines') && line.includes('are not kept here'))).toBe(true);
    expect(out.Logs.at(-1)).toMatch(/^REPORT RequestId/);
  });
});
