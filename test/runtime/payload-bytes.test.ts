// Payloads are bytes end to end: what a function answers reaches the caller unchanged, even
// when it is not UTF-8 text (Python's runtime posts a bytes result as it is; a custom runtime
// may post anything).

import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LambdaService } from '../../src/runtime/service.ts';

const service = new LambdaService();
const folders: string[] = [];
afterAll(async () => {
  await service.shutdown();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'dojo-bytes-'));
  folders.push(folder);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

describe('payload bytes', () => {
  it('returns the bytes a Python handler answers, not their UTF-8 replacement', async () => {
    const code = folderWith({ 'app.py': "def handler(event, context):\n    return b'\\xff\\x00\\x01binary'\n" });
    await service.createFunction({ FunctionName: 'bytes-python', Runtime: 'python3.12', Handler: 'app.handler', Code: { Directory: code } });
    const out = await service.invoke({ FunctionName: 'bytes-python' });
    expect(out.FunctionError).toBeUndefined();
    expect([...out.Payload]).toEqual([0xff, 0x00, 0x01, ...Buffer.from('binary')]);
  });

  it('returns the bytes a custom runtime posts', async () => {
    const code = folderWith({
      bootstrap: [
        '#!/bin/bash',
        'set -euo pipefail',
        'api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"',
        'while true; do',
        '  headers=$(mktemp)',
        '  curl -sS -D "$headers" -o /dev/null "$api/invocation/next"',
        "  id=$(grep -i '^lambda-runtime-aws-request-id:' \"$headers\" | cut -d' ' -f2 | tr -d '\\r')",
        "  printf '\\xfe\\xff\\x80' | curl -sS -o /dev/null --data-binary @- \"$api/invocation/$id/response\"",
        'done',
        '',
      ].join('\n'),
    });
    chmodSync(join(code, 'bootstrap'), 0o755);
    await service.createFunction({ FunctionName: 'bytes-custom', Runtime: 'provided.al2023', Handler: 'unused', Code: { Directory: code } });
    const out = await service.invoke({ FunctionName: 'bytes-custom' });
    expect(out.FunctionError).toBeUndefined();
    expect([...out.Payload]).toEqual([0xfe, 0xff, 0x80]);
  });
});
