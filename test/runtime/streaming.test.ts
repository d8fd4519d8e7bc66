// Response streaming end to end, as Lambda's Node.js runtimes offer it: awslambda.streamifyResponse
// and HttpResponseStream in the function, the streaming mode on the Runtime API, chunks that reach
// the caller as they are written, a failure mid-stream reported as a function error, and the
// quotas (6 MB when a streaming function is invoked with plain Invoke).
// Sources: DG configuration-response-streaming.html, config-rs-invoke-furls.html; AWS's
// aws-lambda-ric src/stream/*.ts.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LambdaService } from '../../src/runtime/service.ts';
import { json } from '../support/service.ts';

const service = new LambdaService();
const root = mkdtempSync(join(tmpdir(), 'dojo-streaming-'));
let deployed = 0;
afterAll(async () => {
  await service.shutdown();
  rmSync(root, { recursive: true, force: true });
});

async function streamingFunction(runtime: string, body: string): Promise<string> {
  const folder = join(root, `fn-${++deployed}`);
  mkdirSync(folder);
  writeFileSync(join(folder, 'index.mjs'), `const pause = (ms) => new Promise((r) => setTimeout(r, ms));\nexport const handler = awslambda.streamifyResponse(async (event, responseStream, context) => {\n${body}\n});\n`);
  const name = `streaming-${deployed}`;
  await service.createFunction({ FunctionName: name, Runtime: runtime, Handler: 'index.handler', Code: { Directory: folder }, Timeout: 10 });
  return name;
}

describe.each(['nodejs22.x', 'nodejs24.x'])('response streaming on %s', (runtime) => {
  it('hands each chunk to the caller as the function writes it, before the invocation ends', async () => {
    const name = await streamingFunction(runtime, "responseStream.write('first '); await pause(300); responseStream.write('second'); responseStream.end();");
    const seen: Array<{ chunk: string; at: number }> = [];
    const started = Date.now();
    const out = await service.invokeWithResponseStream({ FunctionName: name, onChunk: (chunk) => seen.push({ chunk: chunk.toString(), at: Date.now() - started }) });
    const ended = Date.now() - started;
    expect(out.FunctionError).toBeUndefined();
    expect(seen.map((s) => s.chunk).join('')).toBe('first second');
    // The first chunk arrived while the function was still pausing.
    expect(seen[0]!.chunk).toBe('first ');
    expect(ended - seen[0]!.at).toBeGreaterThanOrEqual(100);
    expect(out.ResponseStreamContentType).toBe('application/octet-stream');
  });

  it('buffers a streamed response for a plain Invoke, and the environment stays warm', async () => {
    const name = await streamingFunction(runtime, "responseStream.write(JSON.stringify({ n: event.n })); responseStream.end();");
    const first = await service.invoke({ FunctionName: name, Payload: { n: 1 } });
    const second = await service.invoke({ FunctionName: name, Payload: { n: 2 } });
    expect(json(first.Payload)).toEqual({ n: 1 });
    expect(json(second.Payload)).toEqual({ n: 2 });
    expect(second.Report.coldStart).toBe(false);
  });

  it('takes the HTTP prelude of HttpResponseStream apart from the body, without its 8 NUL bytes', async () => {
    const name = await streamingFunction(
      runtime,
      "const http = awslambda.HttpResponseStream.from(responseStream, { statusCode: 201, headers: { 'content-type': 'text/plain' } }); http.write('created'); http.end();",
    );
    const out = await service.invoke({ FunctionName: name });
    expect(out.ResponsePrelude).toEqual({ statusCode: 201, headers: { 'content-type': 'text/plain' } });
    expect(out.Payload.toString()).toBe('created');
    expect(out.Payload.includes(0)).toBe(false);
    expect(out.ResponseStreamContentType).toBe('application/vnd.awslambda.http-integration-response');
  });

  it('reports a failure after the stream began as a function error, with the error the runtime sent in the trailers', async () => {
    const name = await streamingFunction(runtime, "responseStream.write('partial'); await pause(20); throw new RangeError('out of stock');");
    const chunks: string[] = [];
    const out = await service.invokeWithResponseStream({ FunctionName: name, onChunk: (chunk) => chunks.push(chunk.toString()) });
    expect(chunks.join('')).toBe('partial');
    expect(out.FunctionError).toBe('Unhandled');
    expect(json(out.Payload)).toMatchObject({ errorType: 'RangeError', errorMessage: 'out of stock' });
    expect(out.Logs.some((l) => l.includes('Invoke Error') && l.includes('out of stock'))).toBe(true);
  });

  it('holds a streaming function invoked with plain Invoke to the 6 MB response quota', async () => {
    const name = await streamingFunction(runtime, "for (let i = 0; i < 7; i++) responseStream.write(Buffer.alloc(1024 * 1024, 120)); responseStream.end();");
    const out = await service.invoke({ FunctionName: name });
    expect(out.FunctionError).toBe('Unhandled');
    expect(json(out.Payload).errorType).toBe('Function.ResponseSizeTooLarge');
  });
});
