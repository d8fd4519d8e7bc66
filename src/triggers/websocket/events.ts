// The events API Gateway gives a function behind a WebSocket API (Lambda proxy integration):
// CONNECT (headers and query string of the upgrade request), MESSAGE (the frame's body) and
// DISCONNECT (the close code and reason), each with requestContext.routeKey, eventType,
// connectionId, domainName, stage and apiId; and the REQUEST authorizer's event on $connect,
// whose methodArn ends in /$connect.
// Sources: aws/aws-lambda-go events/testdata/apigw-websocket-request*.json (real events);
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html

import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** An id as API Gateway writes connection, request and message ids ("R1kmxc2VNjMCFIA="). */
export function gatewayId(): string {
  return randomBytes(11).toString('base64');
}

/** "20/Jan/2024:11:55:08 +0000", as requestContext.requestTime carries it. */
export function requestTime(epochMs: number): string {
  const d = new Date(epochMs);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** What a connection keeps from its upgrade request for every later event. */
export interface ConnectionContext {
  connectionId: string;
  apiId: string;
  stage: string;
  stageVariables: Record<string, string>;
  /** host:port of the API's listener (API Gateway's {api-id}.execute-api.{region}.amazonaws.com). */
  domainName: string;
  connectedAt: number;
  sourceIp: string;
  userAgent?: string;
  /** requestContext.authorizer as $connect's authorizer left it (principalId and context values). */
  authorizer?: Record<string, unknown>;
}

export interface UpgradeRequest {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  query?: Record<string, string>;
  multiValueQuery?: Record<string, string[]>;
}

/** The upgrade request's headers with their names as the client wrote them, and its query string. */
export function readUpgradeRequest(req: IncomingMessage, url: URL, sourceIp: string, port: number): UpgradeRequest {
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) (multiValueHeaders[req.rawHeaders[i]!] ??= []).push(req.rawHeaders[i + 1]!);
  // What API Gateway's front end adds (locally the client's own address and plain HTTP).
  multiValueHeaders['X-Forwarded-For'] = [sourceIp];
  multiValueHeaders['X-Forwarded-Port'] = [String(port)];
  multiValueHeaders['X-Forwarded-Proto'] = ['http'];
  const headers = Object.fromEntries(Object.entries(multiValueHeaders).map(([k, v]) => [k, v.join(',')]));
  const multiValueQuery: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) (multiValueQuery[name] ??= []).push(value);
  if (Object.keys(multiValueQuery).length === 0) return { headers, multiValueHeaders };
  // The single-value map keeps the last value, as API Gateway's does.
  const query = Object.fromEntries(Object.entries(multiValueQuery).map(([k, v]) => [k, v[v.length - 1]!]));
  return { headers, multiValueHeaders, query, multiValueQuery };
}

function requestContext(c: ConnectionContext, routeKey: string, eventType: string, now: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const requestId = gatewayId();
  return {
    routeKey,
    ...extra,
    eventType,
    extendedRequestId: requestId,
    requestTime: requestTime(now),
    messageDirection: 'IN',
    stage: c.stage,
    connectedAt: c.connectedAt,
    requestTimeEpoch: now,
    identity: { ...(c.userAgent !== undefined ? { userAgent: c.userAgent } : {}), sourceIp: c.sourceIp },
    requestId,
    domainName: c.domainName,
    connectionId: c.connectionId,
    apiId: c.apiId,
    ...(c.authorizer ? { authorizer: c.authorizer } : {}),
  };
}

function requestParts(request: UpgradeRequest, stageVariables: Record<string, string>): Record<string, unknown> {
  return {
    headers: request.headers,
    multiValueHeaders: request.multiValueHeaders,
    ...(request.query ? { queryStringParameters: request.query, multiValueQueryStringParameters: request.multiValueQuery } : {}),
    ...(Object.keys(stageVariables).length > 0 ? { stageVariables } : {}),
  };
}

export function connectEvent(c: ConnectionContext, request: UpgradeRequest, now: number): Record<string, unknown> {
  return { ...requestParts(request, c.stageVariables), requestContext: requestContext(c, '$connect', 'CONNECT', now), isBase64Encoded: false };
}

export function messageEvent(c: ConnectionContext, routeKey: string, data: Buffer, binary: boolean, now: number): Record<string, unknown> {
  return {
    requestContext: requestContext(c, routeKey, 'MESSAGE', now, { messageId: gatewayId() }),
    body: binary ? data.toString('base64') : data.toString('utf8'),
    isBase64Encoded: binary,
    ...(Object.keys(c.stageVariables).length > 0 ? { stageVariables: c.stageVariables } : {}),
  };
}

export function disconnectEvent(c: ConnectionContext, statusCode: number, reason: string, now: number): Record<string, unknown> {
  return {
    headers: { Host: c.domainName, 'X-Forwarded-For': c.sourceIp },
    multiValueHeaders: { Host: [c.domainName], 'X-Forwarded-For': [c.sourceIp] },
    requestContext: requestContext(c, '$disconnect', 'DISCONNECT', now, { disconnectStatusCode: statusCode, disconnectReason: reason }),
    isBase64Encoded: false,
  };
}

/** arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/$connect */
export function connectMethodArn(region: string, accountId: string, apiId: string, stage: string): string {
  return `arn:aws:execute-api:${region}:${accountId}:${apiId}/${stage}/$connect`;
}

/** The REQUEST authorizer's event on $connect. */
export function authorizerEvent(c: ConnectionContext, request: UpgradeRequest, methodArn: string, now: number): Record<string, unknown> {
  const { authorizer: _none, ...unauthorized } = c;
  return {
    type: 'REQUEST',
    methodArn,
    ...requestParts(request, {}),
    stageVariables: c.stageVariables,
    requestContext: requestContext(unauthorized, '$connect', 'CONNECT', now),
  };
}
