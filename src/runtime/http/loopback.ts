// The one HTTP module every local listener uses (the Runtime API, the key services, and every
// server later parts add). What it guarantees, whoever the listener is:
// - it binds to 127.0.0.1 only;
// - it answers only requests whose Host names a loopback address with its own port, so a web
//   page that rebinds its own name to 127.0.0.1 (DNS rebinding) is refused;
// - it refuses any request that carries an Origin: only a browser sends one, and no web page
//   may drive a local service (the course server, which serves the page, allows its own origin);
// - it reads bodies only up to a bound, and answers a larger one with 413 without buffering it;
// - every refusal is JSON, in the listener's own error shape.
// A listener may also take HTTP/2 in cleartext with prior knowledge on the same port (`http2`),
// as @aws-sdk/client-kinesis sends it to an http:// endpoint: each connection's first bytes say
// which (the HTTP/2 preface, RFC 9113 section 3.4), and both kinds get every check above.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from 'node:http2';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';

export interface LoopbackListener {
  port: number;
  /** "127.0.0.1:port" */
  address: string;
  /** "http://127.0.0.1:port" */
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** A listener's error shape: Lambda's {errorType, errorMessage}, AWS JSON protocols' {__type, message}, ... */
export type ErrorBody = (type: string, message: string) => object;

export const runtimeErrorBody: ErrorBody = (errorType, errorMessage) => ({ errorType, errorMessage });
export const awsJsonErrorBody: ErrorBody = (type, message) => ({ __type: type, message });

export interface LoopbackOptions {
  /** How refusals name the service ("the Runtime API"). */
  name: string;
  /** The largest request body the listener reads, in bytes. */
  maxBodyBytes: number;
  errorBody?: ErrorBody;
  /** Content type of JSON answers (AWS JSON protocols use application/x-amz-json-1.x). */
  contentType?: string;
  /** Origins allowed besides none at all: only the course server, for its own page. */
  allowedOrigins?: () => readonly string[];
  /** Called for each request that passed the checks. */
  handle: (req: IncomingMessage, res: ServerResponse, context: RequestContext) => void | Promise<void>;
  /**
   * Decides once per connection, as it is accepted, whether its client may use the listener
   * (the Runtime API takes only its own runtime); refused connections get 403 for every request.
   */
  acceptConnection?: (socket: Socket) => ConnectionDecision | Promise<ConnectionDecision>;
  /** Long-lived requests (a runtime parked in /next) need no server timeouts. */
  noTimeouts?: boolean;
  /**
   * Also takes HTTP/2 cleartext with prior knowledge on the same port. Its requests reach `handle`
   * as Node's compatibility objects (Http2ServerRequest/Response), which offer what handlers here
   * use: method, url, headers (`:authority` for Host), the body stream, writeHead, write, end,
   * headersSent, statusCode, destroy and 'close'. HTTP/2 forbids connection headers (Connection,
   * Keep-Alive, Transfer-Encoding): a handler must not set them. Not with `acceptConnection`.
   */
  http2?: boolean;
  port?: number;
}

export type ConnectionDecision = { accepted: true } | { accepted: false; reason: string };

export interface RequestContext {
  /** Reads the body up to the listener's bound; a larger body is answered 413 and resolves undefined. */
  body(): Promise<Buffer | undefined>;
  /** Answers with JSON in the listener's content type. */
  json(status: number, body: object, headers?: Record<string, string>): void;
  /** Answers with the listener's error shape. */
  error(status: number, type: string, message: string): void;
}

const loopbackNames = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True when `host` is a loopback name with exactly this port. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(host.trim().toLowerCase());
  return Boolean(match && loopbackNames.has(match[1]!) && Number(match[2]) === port);
}

export function sendJson(res: ServerResponse, status: number, body: object, contentType = 'application/json', headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * Reads a body up to `max` bytes. A larger one (declared or streamed) stops being buffered at
 * the bound; the result then has no body and the size seen so far.
 */
export function readBoundedBody(req: IncomingMessage, max: number): Promise<{ body?: Buffer; size: number }> {
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
      else chunks.length = 0; // stop holding what will be refused anyway
    });
    req.on('end', () => resolve(size > max ? { size } : { body: Buffer.concat(chunks), size }));
    req.on('error', reject);
  });
}

export async function listenLoopback(options: LoopbackOptions): Promise<LoopbackListener> {
  const errorBody = options.errorBody ?? runtimeErrorBody;
  const contentType = options.contentType ?? 'application/json';
  let port = 0;
  /** The Host values a request may carry as they usually come (any other passes through isLoopbackHost). */
  let usualHosts: string[] = [];
  const decisions = new WeakMap<Socket, ConnectionDecision | Promise<ConnectionDecision>>();
  /** Decisions already made: a kept-alive connection's later requests need not wait a turn for them. */
  const decided = new WeakMap<Socket, ConnectionDecision>();
  if (options.http2 && options.acceptConnection) throw new Error(`${options.name}: a listener that decides per connection takes HTTP/1.1 only.`);
  const answer = (req: IncomingMessage, res: ServerResponse, host: string | undefined) => {
    const context: RequestContext = {
      json: (status, body, headers) => sendJson(res, status, body, contentType, headers),
      error: (status, type, message) => sendJson(res, status, errorBody(type, message), contentType),
      body: async () => {
        const { body, size } = await readBoundedBody(req, options.maxBodyBytes);
        if (!body) context.error(413, 'RequestEntityTooLarge', `${options.name} takes request bodies of at most ${options.maxBodyBytes} bytes; this one has ${size}.`);
        return body;
      },
    };
    if (!(host !== undefined && usualHosts.includes(host)) && !isLoopbackHost(host, port)) {
      req.resume();
      return context.error(403, 'Forbidden', `${options.name} answers only requests for 127.0.0.1:${port}, localhost:${port} or [::1]:${port}, not Host ${JSON.stringify(host ?? '')}.`);
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !(options.allowedOrigins?.() ?? []).includes(origin)) {
      req.resume();
      return context.error(403, 'Forbidden', `${options.name} refuses requests from web pages (Origin ${origin}).`);
    }
    const failed = (error: Error) => {
      if (!res.headersSent) context.error(500, 'ServiceException', error.message);
      else res.destroy();
    };
    const handle = (decision: ConnectionDecision | undefined) => {
      if (decision && !decision.accepted) {
        req.resume();
        return context.error(403, 'Forbidden', decision.reason);
      }
      return options.handle(req, res, context);
    };
    const known = decided.get(req.socket);
    const pending = known ? undefined : decisions.get(req.socket);
    if (!pending) {
      try {
        const handled = handle(known);
        if (handled instanceof Promise) handled.catch(failed);
      } catch (error) {
        failed(error as Error);
      }
      return;
    }
    Promise.resolve(pending).then(handle).catch(failed);
  };
  const server: Server = createServer((req, res) => answer(req, res, req.headers.host));
  if (options.acceptConnection) {
    const decide = options.acceptConnection;
    server.on('connection', (socket: Socket) => {
      const decision = Promise.resolve()
        .then(() => decide(socket))
        .catch((error: Error): ConnectionDecision => ({ accepted: false, reason: `${options.name} could not tell who is connecting: ${error.message}` }))
        .then((made) => (decided.set(socket, made), made));
      decisions.set(socket, decision);
    });
  }
  if (options.noTimeouts) {
    server.keepAliveTimeout = 0;
    server.requestTimeout = 0;
    server.headersTimeout = 0;
  }
  const bilingual = options.http2 ? bilingualFront(server, answer) : undefined;
  const front: Server | NetServer = bilingual?.front ?? server;
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(options.port ?? 0, '127.0.0.1', () => {
      front.off('error', reject);
      resolve();
    });
  });
  port = (front.address() as AddressInfo).port;
  usualHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  return {
    port,
    address: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        if (bilingual) bilingual.closeConnections();
        else server.closeAllConnections();
        front.close(() => resolve());
      }),
  };
}

const http2Preface = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/**
 * The listening socket of a listener that speaks both: it reads each connection's first bytes
 * and hands the connection, bytes put back, to the HTTP/1.1 server or to an HTTP/2 server whose
 * requests go through the same checks (`answer`, with `:authority` as the Host).
 */
function bilingualFront(http1: Server, answer: (req: IncomingMessage, res: ServerResponse, host: string | undefined) => void): { front: NetServer; closeConnections(): void } {
  const http2 = createHttp2Server((req: Http2ServerRequest, res: Http2ServerResponse) => {
    const host = req.headers[':authority'] ?? req.headers.host;
    answer(req as unknown as IncomingMessage, res as unknown as ServerResponse, typeof host === 'string' ? host : undefined);
  });
  const sockets = new Set<Socket>();
  const sessions = new Set<Http2Session>();
  http2.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  const front = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    let seen = Buffer.alloc(0);
    const sniff = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      const compared = Math.min(seen.length, http2Preface.length);
      const couldBeHttp2 = seen.subarray(0, compared).equals(http2Preface.subarray(0, compared));
      if (couldBeHttp2 && seen.length < http2Preface.length) return; // wait for the rest of the preface
      socket.off('data', sniff);
      socket.pause();
      socket.unshift(seen);
      (couldBeHttp2 ? http2 : http1).emit('connection', socket);
      process.nextTick(() => socket.resume());
    };
    socket.on('data', sniff);
  });
  const closeConnections = () => {
    for (const session of sessions) session.destroy();
    for (const socket of sockets) socket.destroy();
  };
  return { front, closeConnections };
}
