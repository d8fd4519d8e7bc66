// How API Gateway reads what the function returned, and what the client then receives.
// Payload 1.0 (REST, and HTTP APIs set to 1.0) must be {statusCode, headers, multiValueHeaders,
// body, isBase64Encoded}; anything else is a malformed proxy response, answered 502 by REST APIs
// ("Execution failed due to configuration error: Malformed Lambda proxy response"), and headers
// and multiValueHeaders merge with the multi-value list winning for a name given in both.
// Sources: https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html (Output format)
// https://repost.aws/knowledge-center/malformed-502-api-gateway
// Payload 2.0 infers the format when the function returns valid JSON without statusCode:
// status 200, content-type application/json, the function's output as the body (a JSON string
// gives its text); `cookies` become set-cookie headers.
// Source: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html (Lambda function response format)

import type { PortInvocationResult } from '../lambda-port.ts';
import type { ApiDefinition, PayloadFormatVersion } from './api-definition.ts';

export interface HttpAnswer {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

export type MappedResponse = { ok: true; answer: HttpAnswer } | { ok: false; reason: string };

const v1Keys = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const scalar = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function statusOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  // A final status only: an informational 1xx cannot end a response.
  return typeof n === 'number' && Number.isInteger(n) && n >= 200 && n <= 599 ? n : undefined;
}

function functionFailure(result: PortInvocationResult): string | undefined {
  if (!result.functionError) return undefined;
  let detail = result.payload.toString('utf8');
  try {
    const error = JSON.parse(detail) as { errorType?: string; errorMessage?: string };
    detail = [error.errorType, error.errorMessage].filter(Boolean).join(': ') || detail;
  } catch {
    // the payload as it came
  }
  return `the function failed (${result.functionError}): ${detail}`;
}

function mediaMatch(type: string | undefined, patterns: string[]): boolean {
  if (!type) return false;
  return type.split(',').some((t) => {
    const [a, b] = t.split(';')[0]!.trim().toLowerCase().split('/');
    return patterns.some((p) => {
      const [x, y] = p.toLowerCase().replace(/~1/g, '/').split('/');
      return (x === '*' || x === a) && (y === '*' || y === b);
    });
  });
}

function bodyBytes(body: string, base64: boolean): Buffer {
  return base64 ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}

/** Payload 1.0 read strictly, as API Gateway reads it. */
function mapV1(api: ApiDefinition, payload: string, accept: string | undefined): MappedResponse {
  let out: unknown;
  try {
    out = JSON.parse(payload);
  } catch {
    return { ok: false, reason: `Malformed Lambda proxy response: not JSON (${payload.slice(0, 80)})` };
  }
  if (!isMap(out)) return { ok: false, reason: `Malformed Lambda proxy response: ${payload.slice(0, 80)} is not an object with statusCode` };
  const extra = Object.keys(out).filter((k) => !v1Keys.has(k));
  if (extra.length > 0) return { ok: false, reason: `Malformed Lambda proxy response: unexpected key(s) ${extra.join(', ')} (allowed: ${[...v1Keys].join(', ')})` };
  const status = statusOf(out.statusCode);
  if (status === undefined) return { ok: false, reason: `Malformed Lambda proxy response: statusCode ${JSON.stringify(out.statusCode)} is not an HTTP status code` };
  if (out.body !== undefined && out.body !== null && typeof out.body !== 'string') return { ok: false, reason: 'Malformed Lambda proxy response: body must be a string (JSON.stringify it)' };
  if (out.isBase64Encoded !== undefined && out.isBase64Encoded !== null && typeof out.isBase64Encoded !== 'boolean') return { ok: false, reason: 'Malformed Lambda proxy response: isBase64Encoded must be true or false' };
  const merged = new Map<string, string[]>();
  if (out.headers !== undefined && out.headers !== null) {
    if (!isMap(out.headers) || !Object.values(out.headers).every(scalar)) return { ok: false, reason: 'Malformed Lambda proxy response: headers must map names to strings' };
    for (const [k, v] of Object.entries(out.headers)) merged.set(k.toLowerCase(), [String(v)]);
  }
  if (out.multiValueHeaders !== undefined && out.multiValueHeaders !== null) {
    const multi = out.multiValueHeaders;
    if (!isMap(multi) || !Object.values(multi).every((v) => Array.isArray(v) && v.every(scalar))) return { ok: false, reason: 'Malformed Lambda proxy response: multiValueHeaders must map names to lists of strings' };
    for (const [k, v] of Object.entries(multi)) merged.set(k.toLowerCase(), (v as unknown[]).map(String));
  }
  const headers: Array<[string, string]> = [...merged].flatMap(([k, vs]) => vs.map((v): [string, string] => [k, v]));
  if (api.kind === 'rest' && !merged.has('content-type')) headers.push(['content-type', 'application/json']);
  // REST APIs turn base64 back into bytes only for the binary media types (what the client accepts, or the answer's type).
  const decode = out.isBase64Encoded === true && (api.kind === 'http' || mediaMatch(accept, api.binaryMediaTypes) || mediaMatch(merged.get('content-type')?.[0], api.binaryMediaTypes));
  return { ok: true, answer: { status, headers, body: bodyBytes((out.body as string | null | undefined) ?? '', decode) } };
}

/** Payload 2.0: structured when statusCode is there, inferred otherwise. */
function mapV2(payload: string): MappedResponse {
  let out: unknown;
  try {
    out = JSON.parse(payload);
  } catch {
    return { ok: false, reason: `the function's response is not valid JSON (${payload.slice(0, 80)})` };
  }
  if (!isMap(out) || !('statusCode' in out)) {
    const body = typeof out === 'string' ? out : payload;
    return { ok: true, answer: { status: 200, headers: [['content-type', 'application/json']], body: Buffer.from(body, 'utf8') } };
  }
  const status = statusOf(out.statusCode);
  if (status === undefined) return { ok: false, reason: `statusCode ${JSON.stringify(out.statusCode)} is not an HTTP status code` };
  if (out.body !== undefined && out.body !== null && typeof out.body !== 'string') return { ok: false, reason: 'body must be a string (JSON.stringify it)' };
  const headers: Array<[string, string]> = [];
  if (out.headers !== undefined && out.headers !== null) {
    if (!isMap(out.headers) || !Object.values(out.headers).every(scalar)) return { ok: false, reason: 'headers must map names to strings' };
    for (const [k, v] of Object.entries(out.headers)) headers.push([k.toLowerCase(), String(v)]);
  }
  if (out.cookies !== undefined && out.cookies !== null) {
    if (!Array.isArray(out.cookies) || !out.cookies.every((c) => typeof c === 'string')) return { ok: false, reason: 'cookies must be a list of strings' };
    for (const cookie of out.cookies as string[]) headers.push(['set-cookie', cookie]);
  }
  return { ok: true, answer: { status, headers, body: bodyBytes((out.body as string | null | undefined) ?? '', out.isBase64Encoded === true) } };
}

/** The client's answer for a function's result, or why API Gateway would refuse the result. */
export function mapProxyResponse(api: ApiDefinition, version: PayloadFormatVersion, result: PortInvocationResult, accept?: string): MappedResponse {
  const failed = functionFailure(result);
  if (failed) return { ok: false, reason: failed };
  const payload = result.payload.toString('utf8');
  return version === '2.0' ? mapV2(payload) : mapV1(api, payload, accept);
}
