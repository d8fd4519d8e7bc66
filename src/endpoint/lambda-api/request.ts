// What one Lambda API operation sees and answers: the request already routed (path parameters
// decoded) and an answer the router writes. Operations stay plain functions, easy to read.

import type { IncomingHttpHeaders } from 'node:http';
import type { LambdaService } from '../../runtime/service.ts';
import type { Deployments } from './deployments.ts';
import { ApiError } from './errors.ts';

export interface ApiRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  requestId: string;
}

export interface ApiAnswer {
  status: number;
  /** JSON, or raw bytes (Invoke's payload). */
  body?: object | Buffer;
  headers?: Record<string, string>;
  /**
   * A streamed answer: `start` writes the head (once; later calls do nothing), `write` a piece of
   * the body. An error thrown before `start` is answered as an ordinary API error.
   */
  stream?: (start: (headers: Record<string, string>) => void, write: (chunk: Buffer) => void) => Promise<void>;
}

export interface LambdaApi {
  service: LambdaService;
  deployments: Deployments;
}

export type Operation = (request: ApiRequest, api: LambdaApi) => ApiAnswer | Promise<ApiAnswer>;

/** The request body as a JSON object (an empty body is {}). */
export function jsonBody(request: ApiRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body.toString('utf8'));
  } catch (error) {
    throw new ApiError('InvalidRequestContentException', `Could not parse request body into json: ${(error as Error).message}. Send a JSON object.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ApiError('InvalidRequestContentException', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** Lambda's timestamps: 2026-12-07T18:25:02.123+0000 (API_FunctionConfiguration.html, LastModified). */
export function lambdaTimestamp(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('Z', '+0000');
}

/** Marker/MaxItems paging as Lambda's List operations take it (the marker is an opaque position). */
export function page<T>(items: T[], query: URLSearchParams, max = 50): { items: T[]; next?: string } {
  const start = Number(query.get('Marker') ?? 0) || 0;
  const size = Math.min(Math.max(Number(query.get('MaxItems') ?? max) || max, 1), 10_000);
  const slice = items.slice(start, start + size);
  return start + size < items.length ? { items: slice, next: String(start + size) } : { items: slice };
}
