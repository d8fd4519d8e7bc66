// The Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html)
// served over loopback HTTP, one listener per execution environment. It only parses and
// routes; the environment decides what each call means.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listenLoopback, readBoundedBody, runtimeErrorBody, type RequestContext } from '../http/loopback.ts';
import { limits } from '../limits.ts';

const prefix = '/2018-06-01/runtime/';

/**
 * The error for a response over the 6 MB quota (Function.ResponseSizeTooLarge). Lambda's own
 * messages quote 6291556 bytes (6 MB plus 100 bytes) as the maximum; so does this one.
 */
export const responseSizeLimitInMessages = limits.syncPayload.max + 100;
export const responseTooLargeMessage = (size: number) =>
  `Response payload size (${size} bytes) exceeded maximum allowed payload size (${responseSizeLimitInMessages} bytes).`;

export interface RuntimeApiCalls {
  /** GET /runtime/invocation/next: hold `reply` until there is an event. */
  next(reply: ServerResponse): void;
  response(requestId: string, body: Buffer): void;
  error(requestId: string, body: Buffer, errorType: string | undefined): void;
  initError(body: Buffer, errorType: string | undefined): void;
  /** A response or error body went over the 6 MB limit; `size` is what had arrived. */
  tooLarge(requestId: string, size: number): void;
  /**
   * A response the runtime streams (Lambda-Runtime-Function-Response-Mode: streaming): the
   * environment reads `body` as it arrives, trailers included; resolves once it is consumed.
   */
  responseStream(requestId: string, body: IncomingMessage): Promise<'accepted' | 'too-large'>;
  /** Why the runtime may not make this call now, in Lambda's terms; undefined when it may. */
  refusal(call: RuntimeCall, requestId?: string): Refusal | undefined;
  /** Is the client of this new connection the environment's own runtime (or a process it started)? */
  isOwnRuntime(socket: Socket): boolean | Promise<boolean>;
}

export type RuntimeCall = 'response' | 'error' | 'init-error';

/** A call the Runtime API refuses: its status, errorType and errorMessage. */
export interface Refusal {
  status: number;
  errorType: string;
  errorMessage: string;
}

/**
 * The Runtime API's answers to calls out of turn, as AWS's Runtime Interface Emulator gives them
 * (lambda/rapi/handler/invocationresponse.go, rendering/render_error.go): a call the runtime's
 * state does not allow is 403 InvalidStateTransition; a request id that is not the invocation
 * in progress is 400 InvalidRequestID.
 */
export const refusals = {
  stateTransition: (from: string, to: string): Refusal => ({
    status: 403,
    errorType: 'InvalidStateTransition',
    errorMessage: `State transition from ${from} to ${to} failed for runtime. Error: State transition is not allowed`,
  }),
  invalidRequestId: (): Refusal => ({ status: 400, errorType: 'InvalidRequestID', errorMessage: 'Invalid request ID' }),
};

/** What the runtime is told of an event, besides its deadline. */
export interface RuntimeEvent {
  payload: Buffer;
  requestId: string;
  invokedFunctionArn: string;
  traceId: string;
  clientContext?: string;
  cognitoIdentity?: string;
}

/** The answer to a waiting GET /invocation/next: the event and its Lambda-Runtime-* headers. */
export function sendEvent(res: ServerResponse, event: RuntimeEvent, deadlineMs: number): void {
  // Name, value, name, value: Node takes the pairs as they are, without walking an object's keys.
  const headers = [
    'Content-Type', 'application/json',
    'Content-Length', String(event.payload.length),
    'Lambda-Runtime-Aws-Request-Id', event.requestId,
    'Lambda-Runtime-Deadline-Ms', String(deadlineMs),
    'Lambda-Runtime-Invoked-Function-Arn', event.invokedFunctionArn,
    'Lambda-Runtime-Trace-Id', event.traceId,
  ];
  if (event.clientContext) headers.push('Lambda-Runtime-Client-Context', event.clientContext);
  if (event.cognitoIdentity) headers.push('Lambda-Runtime-Cognito-Identity', event.cognitoIdentity);
  res.writeHead(200, headers);
  res.end(event.payload);
}

export interface RuntimeApiListener {
  /** "127.0.0.1:port", the value of AWS_LAMBDA_RUNTIME_API. */
  address: string;
  close(): Promise<void>;
}

/** The answer to every accepted post, {"status":"OK"} as AWS's emulator sends it, made once: one goes out per invocation. */
const acceptedBody = Buffer.from(JSON.stringify({ status: 'OK' }));
const acceptedHeaders = ['Content-Type', 'application/json', 'Content-Length', String(acceptedBody.length)];

function accepted(res: ServerResponse): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(202, acceptedHeaders);
  res.end(acceptedBody);
}

/**
 * The 202 for a posted answer, sent once the invocation's caller has had the answer: writing it
 * wakes the runtime, which on a busy machine may take the CPU from the host before the caller's
 * code has run. A tick queued here runs after the promise continuations the answer set off.
 */
function acceptedAfterCaller(res: ServerResponse): void {
  process.nextTick(accepted, res);
}

async function route(calls: RuntimeApiCalls, req: IncomingMessage, res: ServerResponse, context: RequestContext): Promise<void> {
  const url = req.url ?? '';
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  const rest = path.startsWith(prefix) ? path.slice(prefix.length) : undefined;

  if (req.method === 'GET' && rest === 'invocation/next') return calls.next(res);
  const errorType = req.headers['lambda-runtime-function-error-type'] as string | undefined;

  if (req.method === 'POST' && rest === 'init/error') {
    const refused = calls.refusal('init-error');
    if (refused) {
      req.resume();
      return context.error(refused.status, refused.errorType, refused.errorMessage);
    }
    const { body } = await readBoundedBody(req, limits.syncPayload.max);
    calls.initError(body ?? Buffer.from('{}'), errorType);
    return accepted(res);
  }

  const match = rest === undefined ? null : /^invocation\/([^/]+)\/(response|error)$/.exec(rest);
  if (req.method === 'POST' && match) {
    const requestId = decodeURIComponent(match[1]!);
    const refused = calls.refusal(match[2] as 'response' | 'error', requestId);
    if (refused) {
      req.resume();
      return context.error(refused.status, refused.errorType, refused.errorMessage);
    }
    const mode = req.headers['lambda-runtime-function-response-mode'];
    if (mode !== undefined && !['streaming', 'buffered'].includes(String(mode).toLowerCase())) {
      req.resume();
      return context.error(400, 'InvalidFunctionResponseMode', 'Invalid function response mode');
    }
    if (match[2] === 'response' && String(mode).toLowerCase() === 'streaming') {
      const result = await calls.responseStream(requestId, req);
      if (result === 'too-large') return context.error(413, 'RequestEntityTooLarge', `The streamed response passed the limit of ${limits.streamedResponse.max} bytes.`);
      return accepted(res);
    }
    const { body, size } = await readBoundedBody(req, responseSizeLimitInMessages);
    if (!body) {
      calls.tooLarge(requestId, size);
      return context.error(413, 'RequestEntityTooLarge', `Exceeded maximum allowed payload size (${responseSizeLimitInMessages} bytes).`);
    }
    // A runtime that sends its answer in chunks may report a failure partway in the trailers
    // (aws-lambda-go does when a response reader fails): then the answer is that error.
    const trailerType = req.trailers['lambda-runtime-function-error-type'];
    if (match[2] === 'response' && trailerType) {
      const trailerBody = req.trailers['lambda-runtime-function-error-body'];
      calls.error(requestId, trailerBody ? Buffer.from(trailerBody, 'base64') : Buffer.from(JSON.stringify({ errorType: trailerType, errorMessage: '' })), trailerType);
    } else if (match[2] === 'response') calls.response(requestId, body);
    else calls.error(requestId, body, errorType);
    return acceptedAfterCaller(res);
  }

  req.resume();
  context.error(404, 'NotFound', `No Runtime API route ${req.method} ${path}`);
}

export async function listenRuntimeApi(calls: RuntimeApiCalls): Promise<RuntimeApiListener> {
  const listener = await listenLoopback({
    name: 'The Runtime API',
    // Bodies are bounded per route (6 MB responses); this bound is for anything else.
    maxBodyBytes: limits.syncPayload.max,
    errorBody: runtimeErrorBody,
    noTimeouts: true, // a frozen runtime may sit in /next for minutes
    // Another process on the machine (another function, say) must not take or answer this environment's events.
    acceptConnection: async (socket) =>
      (await calls.isOwnRuntime(socket))
        ? { accepted: true }
        : { accepted: false, reason: `This Runtime API answers only its own execution environment's runtime; the process on port ${socket.remotePort} is not part of it.` },
    handle: (req, res, context) => route(calls, req, res, context),
  });
  return { address: listener.address, close: () => listener.close() };
}
