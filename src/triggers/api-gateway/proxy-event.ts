// The event API Gateway's Lambda proxy integration sends, built from a real HTTP request.
// REST APIs send payload 1.0; HTTP APIs send 2.0 (or 1.0 when the integration says so).
// Sources: https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html (Input format)
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html (Payload format structure)
// Differences 2.0 makes: no multiValue* maps (duplicates joined with commas), header names in
// lower case, cookies in their own list, rawPath and rawQueryString, routeKey.

import type { ApiDefinition, ApiRoute } from './api-definition.ts';

/** One request as it came off the wire. */
export interface ApiRequest {
  method: string;
  /** The path as sent, stage included, query excluded (not decoded). */
  rawPath: string;
  /** The query string as sent, without "?". */
  rawQuery: string;
  /** Header names as the client wrote them, in order, repeats kept. */
  rawHeaders: Array<[string, string]>;
  body: Buffer;
  sourceIp: string;
  /** "HTTP/1.1" */
  protocol: string;
  requestId: string;
  /** The stack clock's time of arrival (ms since the epoch). */
  timeEpoch: number;
}

/** What routing found: the route, the path below the stage and its parameters. */
export interface RoutedRequest {
  api: ApiDefinition;
  route: ApiRoute;
  /** The path below the stage, as sent (not decoded): /pets/1 */
  stagePath: string;
  pathParameters: Record<string, string>;
  region: string;
  accountId: string;
}

/** requestContext.authorizer as the integration receives it, when an authorizer allowed the call. */
export type AuthorizerContext = Record<string, unknown>;

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "04/Mar/2020:19:15:17 +0000", the CLF time API Gateway writes in requestTime. */
export function clfTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Query pairs, decoded, in order ("a=1&a=2&b" gives a:1, a:2, b:""). */
export function queryPairs(rawQuery: string): Array<[string, string]> {
  if (rawQuery === '') return [];
  return rawQuery
    .split('&')
    .filter((p) => p !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      return at < 0 ? [decode(pair), ''] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
    });
}

function multiMap(pairs: Array<[string, string]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of pairs) (out[name] ??= []).push(value);
  return out;
}

/** REST's single-value maps keep the last value of a repeated name. */
function lastValues(multi: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v[v.length - 1]!]));
}

/** 2.0 joins repeats with commas. */
function joinedValues(multi: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v.join(',')]));
}

function header(request: ApiRequest, name: string): string | undefined {
  const lower = name.toLowerCase();
  return request.rawHeaders.find(([k]) => k.toLowerCase() === lower)?.[1];
}

function mediaTypeMatches(contentType: string, pattern: string): boolean {
  const [type, subtype] = contentType.split(';')[0]!.trim().toLowerCase().split('/');
  const [pType, pSubtype] = pattern.trim().toLowerCase().replace(/~1/g, '/').split('/');
  return (pType === '*' || pType === type) && (pSubtype === '*' || pSubtype === subtype);
}

/**
 * Whether the body travels base64-encoded. REST APIs encode only the media types listed as
 * binary (api-gateway-payload-encodings.html); HTTP APIs encode any body that is not text, JSON,
 * XML or JavaScript (a form post included).
 */
export function encodesBody(api: ApiDefinition, contentType: string | undefined): boolean {
  if (api.kind === 'rest') return contentType !== undefined && api.binaryMediaTypes.some((p) => mediaTypeMatches(contentType, p));
  if (contentType === undefined) return true;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return !(type.startsWith('text/') || /^application\/([\w.+-]+\+)?(json|xml|javascript)$/.test(type));
}

function bodyOf(routed: RoutedRequest, request: ApiRequest): { body: string | null; isBase64Encoded: boolean } {
  if (request.body.length === 0) return { body: null, isBase64Encoded: false };
  const encoded = encodesBody(routed.api, header(request, 'content-type'));
  return { body: request.body.toString(encoded ? 'base64' : 'utf8'), isBase64Encoded: encoded };
}

function domain(request: ApiRequest): { domainName: string; domainPrefix: string } {
  const host = header(request, 'host') ?? '127.0.0.1';
  return { domainName: host, domainPrefix: host.split(/[.:]/)[0]! };
}

/** A stable six-character id per resource path, as REST's resourceId. */
export function resourceId(path: string): string {
  let hash = 0;
  for (const c of path) hash = (Math.imul(hash, 31) + c.charCodeAt(0)) >>> 0;
  return hash.toString(36).padStart(6, '0').slice(-6);
}

export function routeKey(route: ApiRoute): string {
  return route.path === '$default' ? '$default' : `${route.method} ${route.path}`;
}

/** The full path as sent, stage included (REST's requestContext.path, 2.0's rawPath). */
function fullPath(request: ApiRequest): string {
  return request.rawPath;
}

/** Payload 1.0: REST proxy integrations, and HTTP API integrations set to 1.0. */
export function eventV1(routed: RoutedRequest, request: ApiRequest, authorizer?: AuthorizerContext): Record<string, unknown> {
  const { api, route } = routed;
  // HTTP APIs lower-case every header name, in both payload versions ("Header names are
  // lowercased", http-api-develop-integrations-lambda.html); REST APIs keep the client's case.
  const headersMulti = multiMap(api.kind === 'http' ? request.rawHeaders.map(([k, v]): [string, string] => [k.toLowerCase(), v]) : request.rawHeaders);
  const queryMulti = multiMap(queryPairs(request.rawQuery));
  const hasQuery = Object.keys(queryMulti).length > 0;
  const hasParams = Object.keys(routed.pathParameters).length > 0;
  const hasVariables = Object.keys(api.stageVariables).length > 0;
  const { domainName, domainPrefix } = domain(request);
  const requestContext: Record<string, unknown> = {
    accountId: routed.accountId,
    apiId: api.apiId,
    ...(authorizer ? { authorizer } : {}),
    domainName,
    domainPrefix,
    extendedRequestId: request.requestId,
    httpMethod: request.method,
    identity: {
      accessKey: null,
      accountId: null,
      caller: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: request.sourceIp,
      user: null,
      userAgent: header(request, 'user-agent') ?? null,
      userArn: null,
    },
    path: fullPath(request),
    protocol: request.protocol,
    requestId: request.requestId,
    requestTime: clfTime(request.timeEpoch),
    requestTimeEpoch: request.timeEpoch,
    resourceId: route.path === '$default' ? null : resourceId(route.path),
    resourcePath: route.path,
    ...(api.kind === 'http' ? { routeKey: routeKey(route) } : {}),
    stage: api.stage,
  };
  return {
    ...(api.kind === 'http' ? { version: '1.0' } : {}),
    resource: route.path,
    path: decode(routed.stagePath),
    httpMethod: request.method,
    headers: lastValues(headersMulti),
    multiValueHeaders: headersMulti,
    queryStringParameters: hasQuery ? lastValues(queryMulti) : null,
    multiValueQueryStringParameters: hasQuery ? queryMulti : null,
    requestContext,
    pathParameters: hasParams ? routed.pathParameters : null,
    stageVariables: hasVariables ? api.stageVariables : null,
    ...bodyOf(routed, request),
  };
}

/** The cookies of a request, one entry per cookie, as 2.0's `cookies` lists them. */
export function requestCookies(request: ApiRequest): string[] {
  return request.rawHeaders
    .filter(([k]) => k.toLowerCase() === 'cookie')
    .flatMap(([, v]) => v.split(';'))
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

/** Payload 2.0: HTTP APIs. */
export function eventV2(routed: RoutedRequest, request: ApiRequest, authorizer?: AuthorizerContext): Record<string, unknown> {
  const { api, route } = routed;
  const lowered = request.rawHeaders.filter(([k]) => k.toLowerCase() !== 'cookie').map(([k, v]): [string, string] => [k.toLowerCase(), v]);
  const query = joinedValues(multiMap(queryPairs(request.rawQuery)));
  const cookies = requestCookies(request);
  const { domainName, domainPrefix } = domain(request);
  const { body, isBase64Encoded } = bodyOf(routed, request);
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: fullPath(request),
    rawQueryString: request.rawQuery,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers: joinedValues(multiMap(lowered)),
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: routed.accountId,
      apiId: api.apiId,
      ...(authorizer ? { authorizer } : {}),
      domainName,
      domainPrefix,
      http: {
        method: request.method,
        path: fullPath(request),
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: header(request, 'user-agent') ?? '',
      },
      requestId: request.requestId,
      routeKey: routeKey(route),
      stage: api.stage,
      time: clfTime(request.timeEpoch),
      timeEpoch: request.timeEpoch,
    },
    ...(body !== null ? { body } : {}),
    ...(Object.keys(routed.pathParameters).length > 0 ? { pathParameters: routed.pathParameters } : {}),
    isBase64Encoded,
    ...(Object.keys(api.stageVariables).length > 0 ? { stageVariables: api.stageVariables } : {}),
  };
}

export function proxyEvent(routed: RoutedRequest, request: ApiRequest, authorizer?: AuthorizerContext): Record<string, unknown> {
  return routed.route.payloadFormatVersion === '2.0' ? eventV2(routed, request, authorizer) : eventV1(routed, request, authorizer);
}
