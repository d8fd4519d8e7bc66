// One WebSocket API on a loopback port, as API Gateway runs it in front of Lambda:
// - the upgrade request to ws://127.0.0.1:<port>/<stage> runs $connect first (its REQUEST
//   authorizer, then its integration); the connection opens only if both allow it, otherwise the
//   upgrade is answered 401, 403 or 500 (authorizer) or the integration's own status;
// - each message goes to the route its selection expression picks, else $default, else the client
//   gets {"message": "Forbidden", ...}; a failing integration gets it {"message": "Internal server error", ...};
//   a two-way route (RouteResponseSelectionExpression $default) sends the integration's body back;
// - a close runs $disconnect (best effort, after the connection is gone);
// - the same port serves the @connections callback API at /<stage>/@connections/<id>;
// - idle connections close after 10 minutes and every connection after 2 hours, on the stack's
//   clock; a message over 128 KB closes the connection with 1009.
// Locally the callback URL is http://<domainName>/<stage> (API Gateway's is https).
// Sources: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html
// ("If authorization fails on $connect ... the client will receive a 401 or 403 response");
// websocket-connect-route-subprotocol.html (an integration's statusCode 400 refuses the upgrade with
// 400; its Sec-WebSocket-Protocol header picks the subprotocol); limits.html (WebSocket quotas);
// the Forbidden and Internal server error frames as clients see them [obs] (aws-samples/simple-websockets-chat-app issue 24).

import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { createSecureContext, TLSSocket } from 'node:tls';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Clock, ClockTimer } from '../../runtime/clock.ts';
import { isLoopbackHost, listenLoopback, type LoopbackListener } from '../../runtime/http/loopback.ts';
import { portError, type LambdaPort } from '../lambda-port.ts';
import { ConnectionRegistry, parseConnectionsPath, type OpenConnection } from './connections.ts';
import { authorizerEvent, connectEvent, connectMethodArn, disconnectEvent, gatewayId, messageEvent, readUpgradeRequest, type ConnectionContext, type UpgradeRequest } from './events.ts';
import { routeFor, webSocketQuotas, type WebSocketApiDefinition, type WebSocketAuthorizer, type WebSocketIdentitySource, type WebSocketTarget } from './websocket-api.ts';

export type ConnectDecision =
  | { allowed: true; authorizer: Record<string, unknown>; explanation: string }
  | { allowed: false; status: number; body: string; explanation: string };

export interface ConnectAuthorizerCall {
  methodArn: string;
  /** An identity source's value in the upgrade request (headers case-insensitive), or undefined. */
  identity(source: WebSocketIdentitySource): string | undefined;
  /** The authorizer function's REQUEST event. */
  event(): object;
}

/** Runs a $connect authorizer (the API Gateway part's evaluator, wired in by the stack part). */
export type AuthorizeConnect = (authorizer: WebSocketAuthorizer, call: ConnectAuthorizerCall) => Promise<ConnectDecision>;

export interface WebSocketApiOptions {
  api: WebSocketApiDefinition;
  port: LambdaPort;
  clock: Clock;
  /** One line per connection, message and close (the access log). */
  log(line: string): void;
  authorize?: AuthorizeConnect;
  /** Shared by every API of a stack, so the endpoint's @connections finds any connection. */
  connections?: ConnectionRegistry;
  /** A certificate (local-certificate.ts): the port then answers TLS too (wss://, https:// callback URLs). */
  tls?: { cert: string; key: string };
}

export interface RunningWebSocketApi {
  /** ws://127.0.0.1:<port> (add /<stage>). */
  url: string;
  /** http://127.0.0.1:<port> (the @connections callback API is at /<stage>/@connections). */
  httpUrl: string;
  connections: ConnectionRegistry;
  close(): Promise<void>;
}

const json = (body: object) => JSON.stringify(body);

function refuseUpgrade(socket: Duplex, status: number, body: string): void {
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** The proxy integration's answer: the function's result object, or why it failed. */
async function invoke(port: LambdaPort, target: WebSocketTarget, event: object): Promise<{ ok: true; result: Record<string, unknown> } | { ok: false; why: string }> {
  try {
    const out = await port.invoke({ functionName: target.functionName, ...(target.qualifier ? { qualifier: target.qualifier } : {}), payload: JSON.stringify(event) });
    const text = out.payload.toString('utf8');
    if (out.functionError) return { ok: false, why: `the function failed: ${text.slice(0, 200)}` };
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      return { ok: true, result: { body: text } };
    }
    return { ok: true, result: parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { body: text } };
  } catch (error) {
    const e = portError(error);
    return { ok: false, why: `the function could not be invoked (${e.name}: ${e.message})` };
  }
}

/**
 * Lets the listener's port answer TLS as well as plain HTTP: the first byte of a connection tells
 * them apart (0x16 opens a TLS handshake), and a TLS connection reaches the same HTTP server, so
 * Host and Origin checks, the callback API and upgrades work alike on ws:// and wss://.
 */
function serveTlsToo(listener: LoopbackListener, tls: { cert: string; key: string }): void {
  const secureContext = createSecureContext(tls);
  const server = listener.server;
  const accept = server.listeners('connection') as Array<(socket: Socket) => void>;
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      let connection: Socket = socket;
      if (first[0] === 0x16) {
        // Through a stream wrapper: a TLS socket on the raw handle would miss the byte read above.
        const secure = new TLSSocket(Duplex.from({ readable: socket, writable: socket }), { isServer: true, secureContext });
        secure.on('error', () => socket.destroy());
        secure.on('close', () => socket.destroy());
        connection = secure as unknown as Socket;
      }
      for (const listen of accept) listen.call(server, connection);
      socket.resume();
    });
  });
}

export async function startWebSocketApi(options: WebSocketApiOptions): Promise<RunningWebSocketApi> {
  const { api, port, clock, log } = options;
  const connections = options.connections ?? new ConnectionRegistry();
  const mine = new Set<string>();
  const route = (key: string) => api.routes.find((r) => r.routeKey === key);
  const name = `WebSocket API ${api.logicalId}`;
  let listener: LoopbackListener | undefined;
  let closing = false;
  const wss = new WebSocketServer({ noServer: true, maxPayload: webSocketQuotas.messagePayloadBytes, handleProtocols: (_offered, req) => (req as IncomingMessage & { chosenProtocol?: string }).chosenProtocol ?? false });

  listener = await listenLoopback({
    name,
    maxBodyBytes: webSocketQuotas.messagePayloadBytes * 2,
    errorBody: (_type, message) => ({ message }),
    handle: async (req, res, context) => {
      const body = await context.body();
      if (!body) return;
      const url = new URL(req.url ?? '/', 'http://local');
      const path = parseConnectionsPath(url.pathname);
      if (!path || path.stage === undefined || !api.stages.some((s) => s.name === path.stage) || !mine.has(path.connectionId) && connections.get(path.connectionId) !== undefined) {
        return context.error(403, 'ForbiddenException', `${name} serves ws://${listener!.address}/<stage> (${api.stages.map((s) => s.name).join(', ')}) and the callback API at /<stage>/@connections/<connectionId>, not ${req.method} ${url.pathname}.`);
      }
      const answer = connections.answer(req.method ?? 'GET', path.connectionId, body, path.stage, clock.now());
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      log(`WS ${api.logicalId} @connections ${req.method} ${path.connectionId} ${answer.status}`);
    },
  });
  const { port: tcpPort, address } = listener;
  if (options.tls) serveTlsToo(listener, options.tls);

  const open = (ws: WebSocket, context: ConnectionContext) => {
    let idle: ClockTimer | undefined;
    const lifetime = clock.setTimer(webSocketQuotas.maxConnectionMs, () => ws.close(1001, 'Going away'));
    const connection: OpenConnection = {
      context,
      socket: ws,
      api: api.logicalId,
      lastActiveAt: context.connectedAt,
      touch: () => {
        idle?.cancel();
        idle = clock.setTimer(webSocketQuotas.idleTimeoutMs, () => ws.close(1001, 'Going away'));
      },
    };
    connection.touch();
    connections.add(connection);
    mine.add(context.connectionId);
    ws.on('message', (data: Buffer, binary: boolean) => {
      connection.lastActiveAt = clock.now();
      connection.touch();
      void onMessage(connection, Buffer.isBuffer(data) ? data : Buffer.concat(data as unknown as Buffer[]), binary);
    });
    // A frame over the payload quota (ws closes with 1009) or a broken socket: logged, never thrown.
    ws.on('error', (error: Error) => log(`WS ${api.logicalId} ${context.connectionId}: ${error.message}`));
    ws.on('close', (code: number, reason: Buffer) => {
      idle?.cancel();
      lifetime.cancel();
      connections.remove(context.connectionId);
      mine.delete(context.connectionId);
      void onClose(context, code, reason.toString('utf8'));
    });
  };

  const onMessage = async (connection: OpenConnection, data: Buffer, binary: boolean) => {
    const { context, socket } = connection;
    const started = performance.now();
    const chosen = routeFor(api, binary ? undefined : data.toString('utf8'));
    const requestId = gatewayId();
    const tell = (message: string) => socket.readyState === socket.OPEN && socket.send(json({ message, connectionId: context.connectionId, requestId }));
    if (!chosen) {
      tell('Forbidden');
      return log(`WS ${api.logicalId} message ${context.connectionId} no route (no $default): Forbidden`);
    }
    if (!chosen.target) return log(`WS ${api.logicalId} message ${context.connectionId} route ${chosen.routeKey} (no integration)`);
    const outcome = await invoke(port, chosen.target, messageEvent(context, chosen.routeKey, data, binary, clock.now()));
    const ms = Math.round(performance.now() - started);
    if (!outcome.ok) {
      tell('Internal server error');
      return log(`WS ${api.logicalId} message ${context.connectionId} route ${chosen.routeKey} 500 ${ms} ms: ${outcome.why}`);
    }
    const body = outcome.result.body;
    if (chosen.twoWay && body !== undefined && socket.readyState === socket.OPEN) {
      socket.send(typeof body === 'string' ? body : json(body as object));
      connection.touch();
    }
    log(`WS ${api.logicalId} message ${context.connectionId} route ${chosen.routeKey} ${String(outcome.result.statusCode ?? 200)} ${ms} ms`);
  };

  const onClose = async (context: ConnectionContext, code: number, reason: string) => {
    // A stack that stops ends its connections without running its functions again.
    if (closing) return;
    const target = route('$disconnect')?.target;
    if (!target) return log(`WS ${api.logicalId} $disconnect ${context.connectionId} ${code}`);
    const outcome = await invoke(port, target, disconnectEvent(context, code, reason, clock.now()));
    log(`WS ${api.logicalId} $disconnect ${context.connectionId} ${code}${outcome.ok ? '' : `: ${outcome.why}`}`);
  };

  const connect = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const started = performance.now();
    const refuse = (status: number, body: string, why: string) => {
      refuseUpgrade(socket, status, body);
      log(`WS ${api.logicalId} $connect ${status} ${Math.round(performance.now() - started)} ms: ${why}`);
    };
    if (!isLoopbackHost(req.headers.host, tcpPort)) return refuse(403, json({ message: 'Forbidden' }), `Host ${req.headers.host ?? ''} is not ${address}`);
    // A web page's script always sends Origin; no page may drive a local service (loopback.ts).
    if (req.headers.origin !== undefined) return refuse(403, json({ message: 'Forbidden' }), `refused a web page's connection (Origin ${req.headers.origin})`);
    const url = new URL(req.url ?? '/', 'http://local');
    const stage = api.stages.find((s) => url.pathname === `/${s.name}` || url.pathname === `/${s.name}/`);
    if (!stage) return refuse(403, json({ message: 'Forbidden' }), `${url.pathname} is not a stage (${api.stages.map((s) => `/${s.name}`).join(', ')})`);
    const sourceIp = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
    const now = clock.now();
    const context: ConnectionContext = {
      connectionId: gatewayId(),
      apiId: api.apiId,
      stage: stage.name,
      stageVariables: stage.variables,
      domainName: address,
      connectedAt: now,
      sourceIp,
      ...(req.headers['user-agent'] !== undefined ? { userAgent: req.headers['user-agent'] } : {}),
    };
    const request: UpgradeRequest = readUpgradeRequest(req, url, sourceIp, tcpPort);
    const connectRoute = route('$connect');
    let authorizerNote = '';
    if (connectRoute?.authorizer) {
      if (!options.authorize) return refuse(500, json({ message: 'Internal server error' }), `no authorizer evaluator for ${connectRoute.authorizer.name}`);
      const decision = await options.authorize(connectRoute.authorizer, {
        methodArn: connectMethodArn(port.region, port.accountId, api.apiId, stage.name),
        identity: (source) => (source.kind === 'header' ? req.headers[source.name.toLowerCase()]?.toString() : request.query?.[source.name]),
        event: () => authorizerEvent(context, request, connectMethodArn(port.region, port.accountId, api.apiId, stage.name), now),
      });
      if (!decision.allowed) return refuse(decision.status, decision.body, `authorizer ${connectRoute.authorizer.name}: ${decision.explanation}`);
      context.authorizer = decision.authorizer;
      authorizerNote = `, authorizer ${connectRoute.authorizer.name}: ${decision.explanation}`;
    }
    if (connectRoute?.target) {
      const outcome = await invoke(port, connectRoute.target, connectEvent(context, request, now));
      if (!outcome.ok) return refuse(500, json({ message: 'Internal server error' }), `$connect integration: ${outcome.why}`);
      const status = Number(outcome.result.statusCode ?? 200);
      if (!(status >= 200 && status < 300)) return refuse(status, typeof outcome.result.body === 'string' ? outcome.result.body : '', `$connect integration answered ${status}`);
      const headers = (outcome.result.headers ?? {}) as Record<string, unknown>;
      const protocol = Object.entries(headers).find(([k]) => k.toLowerCase() === 'sec-websocket-protocol')?.[1];
      if (typeof protocol === 'string') (req as IncomingMessage & { chosenProtocol?: string }).chosenProtocol = protocol;
    }
    if (socket.destroyed) return log(`WS ${api.logicalId} $connect ${context.connectionId}: the client left before $connect returned`);
    wss.handleUpgrade(req, socket, head, (ws) => {
      open(ws, context);
      log(`WS ${api.logicalId} $connect 101 ${context.connectionId} ${Math.round(performance.now() - started)} ms${authorizerNote}`);
    });
  };

  // A TLS handshake on a port without a certificate: say what to use instead.
  listener.server.on('clientError', (error: Error & { rawPacket?: Buffer }, socket: Duplex) => {
    if (error.rawPacket?.[0] === 0x16) {
      log(`WS ${api.logicalId}: a client spoke TLS (https:// or wss://) to ${address}; locally the API is ws://${address}/<stage> and its callback URL http://${address}/<stage> (build it as \`http://\${domainName}/\${stage}\` here, https on AWS).`);
    }
    socket.destroy();
  });

  listener.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    connect(req, socket, head).catch((error: Error) => {
      if (!socket.destroyed) refuseUpgrade(socket, 500, json({ message: 'Internal server error' }));
      log(`WS ${api.logicalId} $connect 500: ${error.message}`);
    });
  });

  return {
    url: `ws://${address}`,
    httpUrl: `http://${address}`,
    connections,
    close: async () => {
      closing = true;
      for (const id of mine) connections.get(id)?.socket.terminate();
      wss.close();
      await listener.close();
    },
  };
}
