// One API on its own loopback listener, answering as API Gateway does: the stage in the path,
// the route, the Lambda authorizer when the route has one, the proxy integration through the
// Lambda port, and API Gateway's own answers when any step refuses. Every request writes one
// access-log line: method, path, status, authorizer cache hit or miss, latency.
//
// Public API: startApi({ api, port, clock, log }) -> { url, close() }. `url` is the base URL with
// the stage (http://127.0.0.1:PORT/Prod; an HTTP API's $default stage has none).

import { randomUUID } from 'node:crypto';
import { validateHeaderName, validateHeaderValue, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Clock } from '../../runtime/clock.ts';
import { listenLoopback } from '../../runtime/http/loopback.ts';
import { portError, type LambdaPort, type PortInvocationResult } from '../lambda-port.ts';
import { stagePrefix, type ApiDefinition } from './api-definition.ts';
import { AuthorizerEvaluator, authorizerContextFor, requestAuthorizerCall, type AuthorizerDecision } from './authorizer.ts';
import { gatewayResponse, type GatewayFailure } from './gateway-responses.ts';
import { proxyEvent, type ApiRequest, type RoutedRequest } from './proxy-event.ts';
import { mapProxyResponse, type HttpAnswer } from './proxy-response.ts';
import { RouteTable } from './routes.ts';

export interface ApiServerOptions {
  api: ApiDefinition;
  port: LambdaPort;
  /** The stack's clock: authorizer cache TTLs and request times follow it. */
  clock: Clock;
  /** One line per request, and one per authorizer decision. */
  log(line: string): void;
  /** The listener's port (default: a free one). */
  listenPort?: number;
}

export interface RunningApi {
  api: ApiDefinition;
  /** Base URL including the stage, without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

/** API Gateway's payload quota for REST and HTTP APIs: 10 MB (API Gateway quotas). */
const maxRequestBytes = 10 * 1024 * 1024;
/** REST APIs wait 29 s for an integration; HTTP APIs 30 s unless the route says less. */
const integrationTimeoutMs = { rest: 29_000, http: 30_000 } as const;

function requestOf(req: IncomingMessage, body: Buffer, clock: Clock): ApiRequest {
  const url = req.url ?? '/';
  const at = url.indexOf('?');
  const rawHeaders: Array<[string, string]> = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) rawHeaders.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    rawPath: at < 0 ? url : url.slice(0, at),
    rawQuery: at < 0 ? '' : url.slice(at + 1),
    rawHeaders,
    body,
    sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    protocol: `HTTP/${req.httpVersion}`,
    requestId: randomUUID(),
    timeEpoch: clock.now(),
  };
}

/** Why HTTP cannot carry one of the function's headers (a line break in a value, a space in a name), or undefined. */
function unsendableHeader(headers: Array<[string, string]>): string | undefined {
  for (const [name, value] of headers) {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch (error) {
      return `header ${JSON.stringify(name)}: ${(error as Error).message}`;
    }
  }
  return undefined;
}

function send(res: ServerResponse, answer: HttpAnswer): void {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of answer.headers) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  for (const [name, values] of grouped) res.setHeader(name, values.length === 1 ? values[0]! : values);
  // 204 and 304 carry no body (RFC 9110), whatever the function put in it.
  const bodyless = answer.status === 204 || answer.status === 304;
  if (!bodyless) res.setHeader('content-length', answer.body.length);
  res.writeHead(answer.status);
  res.end(bodyless ? undefined : answer.body);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function startApi(options: ApiServerOptions): Promise<RunningApi> {
  const { api, port, clock, log } = options;
  const routes = new RouteTable(api.kind, api.routes);
  const prefix = stagePrefix(api);
  const authorizers = new Map(Object.values(api.authorizers).map((a) => [a.name, new AuthorizerEvaluator(a, { port, clock })]));

  const gateway = (failure: GatewayFailure, requestId: string): HttpAnswer => {
    const response = gatewayResponse(api.kind, failure);
    const headers: Array<[string, string]> = [['content-type', 'application/json']];
    if (response.errorType) headers.push(['x-amzn-ErrorType', response.errorType]);
    headers.push(api.kind === 'rest' ? ['x-amzn-RequestId', requestId] : ['apigw-requestid', requestId]);
    return { status: response.status, headers, body: Buffer.from(response.body) };
  };

  const answer = async (request: ApiRequest): Promise<{ answer: HttpAnswer; auth: string; note?: string }> => {
    const inStage = prefix === '' || request.rawPath === prefix || request.rawPath.startsWith(`${prefix}/`);
    const stagePath = prefix === '' ? request.rawPath : request.rawPath.slice(prefix.length) || '/';
    const match = inStage ? routes.match(request.method, stagePath) : undefined;
    if (!match) return { answer: gateway('missingRoute', request.requestId), auth: '-', note: inStage ? 'no route' : `not under the stage ${prefix}` };
    const routed: RoutedRequest = { api, route: match.route, stagePath, pathParameters: match.pathParameters, region: port.region, accountId: port.accountId };

    let decision: AuthorizerDecision | undefined;
    if (match.route.authorizer) {
      const evaluator = authorizers.get(match.route.authorizer)!;
      decision = await evaluator.evaluate(requestAuthorizerCall(evaluator.authorizer, routed, request));
      log(`${api.logicalId} authorizer ${evaluator.authorizer.name}: ${decision.explanation}`);
      if (decision.outcome !== 'allow') return { answer: gateway(decision.failure, request.requestId), auth: decision.cache };
    }

    const event = proxyEvent(routed, request, decision?.outcome === 'allow' ? authorizerContextFor(api.kind, decision) : undefined);
    const timeout = Math.min(match.route.timeoutMs ?? integrationTimeoutMs[api.kind], integrationTimeoutMs[api.kind]);
    let result: PortInvocationResult | 'timeout';
    try {
      result = await withTimeout(port.invoke({ ...match.route.target, payload: JSON.stringify(event) }), timeout);
    } catch (error) {
      const e = portError(error);
      return { answer: gateway('invokeFailure', request.requestId), auth: decision?.cache ?? '-', note: `Lambda refused the invoke: ${e.name}: ${e.message}` };
    }
    if (result === 'timeout') return { answer: gateway('integrationTimeout', request.requestId), auth: decision?.cache ?? '-', note: `the integration took over ${timeout} ms` };
    const accept = request.rawHeaders.find(([k]) => k.toLowerCase() === 'accept')?.[1];
    const mapped = mapProxyResponse(api, match.route.payloadFormatVersion, result, accept);
    if (!mapped.ok) return { answer: gateway('integrationFailure', request.requestId), auth: decision?.cache ?? '-', note: mapped.reason };
    const unsendable = unsendableHeader(mapped.answer.headers);
    if (unsendable) return { answer: gateway('integrationFailure', request.requestId), auth: decision?.cache ?? '-', note: `the function's ${unsendable}` };
    const idHeader: [string, string] = api.kind === 'rest' ? ['x-amzn-RequestId', request.requestId] : ['apigw-requestid', request.requestId];
    return { answer: { ...mapped.answer, headers: [...mapped.answer.headers, idHeader] }, auth: decision?.cache ?? '-' };
  };

  const listener = await listenLoopback({
    name: `API ${api.logicalId}`,
    maxBodyBytes: maxRequestBytes,
    errorBody: (_type, message) => ({ message }),
    ...(options.listenPort !== undefined ? { port: options.listenPort } : {}),
    handle: async (req, res, context) => {
      const started = performance.now();
      const body = await context.body();
      if (!body) return;
      const request = requestOf(req, body, clock);
      const { answer: out, auth, note } = await answer(request);
      send(res, out);
      const ms = (performance.now() - started).toFixed(1);
      log(`${api.logicalId} ${request.method} ${request.rawPath}${request.rawQuery ? `?${request.rawQuery}` : ''} ${out.status} authorizer=${auth} ${ms} ms${note ? ` (${note})` : ''}`);
    },
  });
  return { api, url: `${listener.url}${prefix}`, close: () => listener.close() };
}
