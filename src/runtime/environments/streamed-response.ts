// A response the runtime streams to the Runtime API (Lambda-Runtime-Function-Response-Mode:
// streaming), read as it arrives:
// - chunks go on to the caller as they come (InvokeWithResponseStream), or are kept for a
//   buffered Invoke, which Lambda holds to the 6 MB response quota;
// - an HTTP integration response (content type application/vnd.awslambda.http-integration-response)
//   starts with a JSON prelude (statusCode, headers, cookies) and 8 NUL bytes: the prelude is
//   taken apart from the body rather than passed on as payload;
// - a failure after the stream began arrives in the trailers Lambda-Runtime-Function-Error-Type
//   and Lambda-Runtime-Function-Error-Body (the error JSON, base64).
// Wire format read from AWS's aws-lambda-ric: src/stream/response-stream.ts, http-response-stream.ts.

import type { IncomingMessage } from 'node:http';

export const httpIntegrationContentType = 'application/vnd.awslambda.http-integration-response';
const delimiter = Buffer.alloc(8);

export type StreamedOutcome =
  | { kind: 'complete'; body: Buffer; size: number; contentType: string; prelude?: Record<string, unknown> }
  | { kind: 'error'; errorType: string; body: Buffer }
  | { kind: 'too-large'; size: number }
  | { kind: 'broken' };

export interface StreamReadOptions {
  /** Gets each chunk of the body as it arrives; without it the body is kept and returned. */
  onChunk?: (chunk: Buffer) => void;
  /** Most body bytes accepted. */
  limitBytes: number;
}

export async function readStreamedResponse(req: IncomingMessage, options: StreamReadOptions): Promise<StreamedOutcome> {
  const contentType = String(req.headers['content-type'] ?? 'application/octet-stream');
  const kept: Buffer[] = [];
  let size = 0;
  // Until the prelude's delimiter is seen, bytes are held here (HTTP integration responses only).
  let preludeBytes: Buffer | undefined = contentType === httpIntegrationContentType ? Buffer.alloc(0) : undefined;
  let prelude: Record<string, unknown> | undefined;

  const deliver = (chunk: Buffer) => {
    if (chunk.length === 0) return;
    size += chunk.length;
    if (options.onChunk) options.onChunk(chunk);
    else kept.push(chunk);
  };

  try {
    for await (const piece of req as AsyncIterable<Buffer>) {
      let chunk = piece;
      if (preludeBytes) {
        preludeBytes = Buffer.concat([preludeBytes, chunk]);
        const end = preludeBytes.indexOf(delimiter);
        if (end < 0) {
          if (preludeBytes.length > options.limitBytes) return drain(req, { kind: 'too-large', size: preludeBytes.length });
          continue;
        }
        prelude = parsePrelude(preludeBytes.subarray(0, end));
        chunk = preludeBytes.subarray(end + delimiter.length);
        preludeBytes = undefined;
      }
      if (size + chunk.length > options.limitBytes) return drain(req, { kind: 'too-large', size: size + chunk.length });
      deliver(chunk);
    }
  } catch {
    return { kind: 'broken' };
  }
  // A stream that ended inside its prelude had no body: what came was all prelude.
  if (preludeBytes && preludeBytes.length > 0) prelude = parsePrelude(preludeBytes);

  const errorType = req.trailers['lambda-runtime-function-error-type'];
  if (errorType) {
    const encoded = req.trailers['lambda-runtime-function-error-body'];
    const body = encoded ? Buffer.from(encoded, 'base64') : Buffer.from(JSON.stringify({ errorType, errorMessage: '' }));
    return { kind: 'error', errorType, body };
  }
  return { kind: 'complete', body: Buffer.concat(kept), size, contentType, ...(prelude ? { prelude } : {}) };
}

function parsePrelude(bytes: Buffer): Record<string, unknown> {
  try {
    const value = JSON.parse(bytes.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : { value };
  } catch {
    return { unparsed: bytes.toString('utf8') };
  }
}

/** Stops reading an over-long stream: what is left is not wanted. */
function drain(req: IncomingMessage, outcome: StreamedOutcome): StreamedOutcome {
  req.resume();
  return outcome;
}
