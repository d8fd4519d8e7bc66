// The events CloudFront gives Lambda@Edge functions, and what it does with what they return:
// a request trigger returns the request (changed or not) or a response it generated; a response
// trigger returns the response (changed or not). Anything CloudFront would refuse is refused
// here with the reason, as an EdgeValidationError (502 to the viewer).
// Sources: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses-in-requests.html
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-updating-http-responses.html
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html (query strings, URI)

import { edgeLimits } from '../../runtime/limits.ts';
import type { DistributionConfig, EdgeEventType } from './distribution-config.ts';
import { checkedHeaders, checkHeaderRules, EdgeValidationError, headerBytes, type EdgeHeaders } from './edge-headers.ts';

export interface EdgeBody {
  inputTruncated: boolean;
  action: 'read-only' | 'replace';
  encoding: 'base64' | 'text';
  data: string;
}

export type EdgeOrigin =
  | { custom: { customHeaders: EdgeHeaders; domainName: string; keepaliveTimeout: number; path: string; port: number; protocol: string; readTimeout: number; sslProtocols: string[] } }
  | { s3: { authMethod: string; customHeaders: EdgeHeaders; domainName: string; path: string; region: string } };

export interface EdgeRequest {
  clientIp: string;
  headers: EdgeHeaders;
  method: string;
  querystring: string;
  uri: string;
  body?: EdgeBody;
  origin?: EdgeOrigin;
}

export interface EdgeResponse {
  status: number;
  statusDescription: string;
  headers: EdgeHeaders;
  body: Buffer;
  /** A custom error page, or an origin error: no viewer-response function runs for it. */
  originError?: boolean;
}

export function requestEvent(config: DistributionConfig, eventType: EdgeEventType, requestId: string, request: EdgeRequest): object {
  return { Records: [{ cf: { config: eventConfig(config, eventType, requestId), request } }] };
}

export function responseEvent(config: DistributionConfig, eventType: EdgeEventType, requestId: string, request: EdgeRequest, response: EdgeResponse): object {
  // The origin's body is never shown to a response trigger. Source: lambda-updating-http-responses.html
  const shown = { headers: response.headers, status: String(response.status), statusDescription: response.statusDescription };
  const { body: _body, ...withoutBody } = request;
  return { Records: [{ cf: { config: eventConfig(config, eventType, requestId), request: withoutBody, response: shown } }] };
}

function eventConfig(config: DistributionConfig, eventType: EdgeEventType, requestId: string) {
  return { distributionDomainName: config.domainName, distributionId: config.id, eventType, requestId };
}

const isViewer = (eventType: EdgeEventType) => eventType.startsWith('viewer-');

/** The largest response a function of this event type may generate or change (headers and body). */
export function generatedResponseLimit(eventType: EdgeEventType): number {
  return isViewer(eventType) ? edgeLimits.viewerGeneratedResponse.max : edgeLimits.originGeneratedResponse.max;
}

function checkUriAndQuery(uri: unknown, querystring: unknown): void {
  if (typeof uri !== 'string' || !uri.startsWith('/')) throw new EdgeValidationError(`The uri ${JSON.stringify(uri)} is invalid: a uri is a string that starts with /.`);
  if (typeof querystring !== 'string') throw new EdgeValidationError(`The querystring ${JSON.stringify(querystring)} is invalid: it is a string ('' when there is none).`);
  // Source: edge-function-restrictions-all.html (Query strings): no spaces, control characters or #.
  if (/[\s#\u0000-\u001f\u007f]/.test(querystring)) throw new EdgeValidationError(`The querystring '${querystring}' holds a space, a control character or #, which CloudFront does not allow: percent-encode them.`);
  if (/[\s\u0000-\u001f\u007f]/.test(uri)) throw new EdgeValidationError(`The uri '${uri}' holds a space or a control character: percent-encode it.`);
  const length = uri.length + (querystring ? querystring.length + 1 : 0);
  if (length > edgeLimits.uriAndQueryLength.max) {
    throw new EdgeValidationError(`The uri and query string are ${length} characters long: together they must be less than ${edgeLimits.uriAndQueryLength.max + 1}.`);
  }
}

function bodyFrom(value: unknown, input: EdgeBody | undefined, eventType: EdgeEventType): EdgeBody | undefined {
  if (!input) return undefined; // without IncludeBody the body goes to the origin as the viewer sent it
  const b = value as Partial<EdgeBody> | undefined;
  if (!b || b.action !== 'replace') return input; // read-only: changes to data are ignored (lambda-event-structure.html, body.action)
  const encoding = b.encoding ?? 'base64';
  if (encoding !== 'base64' && encoding !== 'text') throw new EdgeValidationError(`The body.encoding '${String(encoding)}' is invalid: it is base64 or text.`);
  if (typeof b.data !== 'string') throw new EdgeValidationError('The body.data of a replaced body must be a string.');
  if (encoding === 'base64' && !/^[A-Za-z0-9+/]*={0,2}$/.test(b.data)) throw new EdgeValidationError('The body.encoding is base64 but body.data is not valid base64.');
  // A replaced body is cut at 40 KB (viewer) or 1 MB (origin) as text, 53.2 KB or 1.33 MB as base64. Source: lambda-at-edge-function-restrictions.html
  const limit = (isViewer(eventType) ? edgeLimits.viewerBodyExposed.max : edgeLimits.originBodyExposed.max) * (encoding === 'base64' ? 1.33 : 1);
  return { inputTruncated: false, action: 'replace', encoding, data: b.data.slice(0, Math.floor(limit)) };
}

export type RequestResult = { kind: 'request'; request: EdgeRequest } | { kind: 'response'; response: EdgeResponse };

/** Applies a viewer-request or origin-request function's result. */
export function applyRequestResult(eventType: EdgeEventType, input: EdgeRequest, result: unknown): RequestResult {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    throw new EdgeValidationError(`The Lambda function returned invalid JSON: The JSON output must be an object type (it returned ${JSON.stringify(result) ?? 'nothing'}). Return the request, or a response with a status.`);
  }
  const r = result as Record<string, unknown>;
  if ('status' in r) return { kind: 'response', response: generatedResponse(eventType, r) };
  checkUriAndQuery(r.uri, r.querystring ?? '');
  if (r.method !== undefined && r.method !== input.method) throw new EdgeValidationError(`The function changed the method from ${input.method} to ${String(r.method)}: the method is read-only.`);
  if (r.clientIp !== undefined && r.clientIp !== input.clientIp) throw new EdgeValidationError('The function changed clientIp, which is read-only.');
  const headers = checkedHeaders(r.headers, 'request');
  checkHeaderRules(eventType, input.headers, headers);
  const request: EdgeRequest = { clientIp: input.clientIp, headers, method: input.method, querystring: (r.querystring as string | undefined) ?? '', uri: r.uri as string };
  const body = bodyFrom(r.body, input.body, eventType);
  if (body) request.body = body;
  if (eventType === 'origin-request') request.origin = checkedOrigin(r.origin ?? input.origin);
  return { kind: 'request', request };
}

function checkedOrigin(value: unknown): EdgeOrigin {
  const o = value as Record<string, unknown> | undefined;
  const kinds = o && typeof o === 'object' ? Object.keys(o).filter((k) => k === 'custom' || k === 's3') : [];
  if (kinds.length !== 1) throw new EdgeValidationError('The request.origin must hold exactly one origin, custom or s3.');
  const inner = o![kinds[0]!] as Record<string, unknown>;
  if (!inner || typeof inner.domainName !== 'string' || inner.domainName === '') throw new EdgeValidationError(`The request.origin.${kinds[0]}.domainName must be a non-empty string.`);
  return o as EdgeOrigin;
}

function statusOf(value: unknown): number {
  const status = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  // Source: lambda-generating-http-responses-in-requests.html (status between 200 and 599).
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    throw new EdgeValidationError(`The status ${JSON.stringify(value)} is invalid: it is a status code from 200 to 599, written as a string ("302").`);
  }
  return status;
}

function bodyBytes(r: Record<string, unknown>): Buffer | undefined {
  if (r.body === undefined || r.body === null) return undefined;
  if (typeof r.body !== 'string') throw new EdgeValidationError('The body is not a string: a response body is text, or base64 with bodyEncoding "base64".');
  const encoding = r.bodyEncoding ?? 'text';
  if (encoding === 'text') return Buffer.from(r.body, 'utf8');
  if (encoding === 'base64') {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(r.body)) throw new EdgeValidationError('The bodyEncoding is base64 but the body is not valid base64.');
    return Buffer.from(r.body, 'base64');
  }
  throw new EdgeValidationError(`The bodyEncoding '${String(encoding)}' is invalid: it is text or base64.`);
}

function checkSize(eventType: EdgeEventType, headers: EdgeHeaders, r: Record<string, unknown>): void {
  const size = headerBytes(headers) + (typeof r.body === 'string' ? Buffer.byteLength(r.body) : 0);
  const limit = generatedResponseLimit(eventType);
  if (size > limit) {
    throw new EdgeValidationError(`The response the function returned is ${size} bytes (headers and body): a ${eventType} function may return at most ${limit} bytes.`);
  }
}

function generatedResponse(eventType: EdgeEventType, r: Record<string, unknown>): EdgeResponse {
  const status = statusOf(r.status);
  const headers = checkedHeaders(r.headers, 'response');
  checkHeaderRules(eventType, {}, Object.fromEntries(Object.entries(headers).filter(([n]) => n !== 'content-length' && n !== 'via')));
  checkSize(eventType, headers, r);
  const body = bodyBytes(r) ?? Buffer.alloc(0);
  // RFC 2616's optional rule, which Lambda@Edge applies. Source: lambda-generating-http-responses-in-requests.html (Errors)
  if (eventType === 'viewer-request' && status === 204 && r.body !== undefined && r.body !== '') throw new EdgeValidationError('The response has status 204 (No Content) and a body.');
  return { status, statusDescription: typeof r.statusDescription === 'string' ? r.statusDescription : '', headers, body };
}

/** Applies an origin-response or viewer-response function's result to the response it was given. */
export function applyResponseResult(eventType: EdgeEventType, input: EdgeResponse, result: unknown): EdgeResponse {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    throw new EdgeValidationError(`The Lambda function returned invalid JSON: The JSON output must be an object type (it returned ${JSON.stringify(result) ?? 'nothing'}). Return the response.`);
  }
  const r = result as Record<string, unknown>;
  const status = statusOf(r.status ?? String(input.status));
  // Source: lambda-at-edge-function-restrictions.html (HTTP status codes).
  if (eventType === 'viewer-response' && status !== input.status) {
    throw new EdgeValidationError(`The function changed the status from ${input.status} to ${status}: a viewer-response function cannot change the status code.`);
  }
  const headers = checkedHeaders(r.headers, 'response');
  checkHeaderRules(eventType, input.headers, headers);
  checkSize(eventType, headers, r);
  const replaced = bodyBytes(r);
  return { status, statusDescription: typeof r.statusDescription === 'string' ? r.statusDescription : input.statusDescription, headers, body: replaced ?? input.body };
}
