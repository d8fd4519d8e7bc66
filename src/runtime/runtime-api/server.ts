// The Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html)
// served over loopback HTTP, one listener per execution environment. It only parses and
// routes; the environment decides what each call means.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { limits } from '../limits.ts';

const prefix = '/2018-06-01/runtime/';

/**
 * The error for a response over the 6 MB quota (Function.ResponseSizeTooLarge). Lambda's own text
 * has been seen quoting 6291556 bytes; this one quotes the documented quota and the size that came.
 */
export const responseTooLargeMessage = (size: number) =>
  `Response payload size (${size} bytes) exceeded maximum allowed payload size (${limits.syncPayload.max} bytes).`;

export interface RuntimeApiCalls {
  /** GET /runtime/invocation/next: hold `reply` until there is an event. */
  next(reply: ServerResponse): void;
  response(requestId: string, body: Buffer): void;
  error(requestId: string, body: Buffer, errorType: string | undefined): void;
  initError(body: Buffer, errorType: string | undefined): void;
  /** A response or error body went over the 6 MB limit; `size` is what had arrived. */
  tooLarge(requestId: string, size: number): void;
  /** Is this the request id of the invocation in progress? */
  isCurrent(requestId: string): boolean;
}

export interface RuntimeApiListener {
  /** "127.0.0.1:port", the value of AWS_LAMBDA_RUNTIME_API. */
  address: string;
  close(): Promise<void>;
}

function answer(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Reads a body up to `max` bytes; resolves undefined (having drained nothing more) when it is larger. */
function readBody(req: IncomingMessage, max: number): Promise<{ body?: Buffer; size: number }> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) {
      req.resume();
      return resolve({ size: declared });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > max ? { size } : { body: Buffer.concat(chunks), size }));
    req.on('error', reject);
  });
}

async function route(calls: RuntimeApiCalls, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // A browser page must never drive a runtime: refuse anything that carries an Origin.
  if (req.headers.origin !== undefined) {
    req.resume();
    return answer(res, 403, { errorType: 'Forbidden', errorMessage: 'The Runtime API refuses requests from web pages.' });
  }
  const path = (req.url ?? '').split('?')[0]!;
  if (!path.startsWith(prefix)) {
    req.resume();
    return answer(res, 404, { errorType: 'NotFound', errorMessage: `No Runtime API route ${req.method} ${path}` });
  }
  const rest = path.slice(prefix.length);
  const errorType = req.headers['lambda-runtime-function-error-type'] as string | undefined;

  if (req.method === 'GET' && rest === 'invocation/next') return calls.next(res);

  if (req.method === 'POST' && rest === 'init/error') {
    const { body } = await readBody(req, limits.syncPayload.max);
    calls.initError(body ?? Buffer.from('{}'), errorType);
    return answer(res, 202, { status: 'OK' });
  }

  const match = /^invocation\/([^/]+)\/(response|error)$/.exec(rest);
  if (req.method === 'POST' && match) {
    const requestId = decodeURIComponent(match[1]!);
    if (!calls.isCurrent(requestId)) {
      req.resume();
      return answer(res, 400, { errorType: 'InvalidRequestID', errorMessage: `Invalid request ID: ${requestId}` });
    }
    const { body, size } = await readBody(req, limits.syncPayload.max);
    if (!body) {
      calls.tooLarge(requestId, size);
      return answer(res, 413, { errorType: 'RequestEntityTooLarge', errorMessage: responseTooLargeMessage(size) });
    }
    if (match[2] === 'response') calls.response(requestId, body);
    else calls.error(requestId, body, errorType);
    return answer(res, 202, { status: 'OK' });
  }

  req.resume();
  answer(res, 404, { errorType: 'NotFound', errorMessage: `No Runtime API route ${req.method} ${path}` });
}

export async function listenRuntimeApi(calls: RuntimeApiCalls): Promise<RuntimeApiListener> {
  const server: Server = createServer((req, res) => {
    route(calls, req, res).catch((error: Error) => {
      if (!res.headersSent) answer(res, 500, { errorType: 'ServiceException', errorMessage: error.message });
    });
  });
  server.keepAliveTimeout = 0; // a frozen runtime may sit in /next for minutes
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
