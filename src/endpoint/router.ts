// Routes each request to the protocol it speaks: KMS (AWS JSON 1.1) by its X-Amz-Target header,
// Lambda (REST-JSON) by its path. The loopback module has already checked Host and Origin.
// Signatures are not checked: any credentials will do, as the course promises.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestContext } from '../runtime/http/loopback.ts';
import { kmsActions, type KeyService } from '../runtime/key-service.ts';
import { LambdaServiceError } from '../runtime/errors.ts';
import { answerKms, isKmsRequest } from './kms.ts';
import { ApiError, sendLambdaError } from './lambda-api/errors.ts';
import type { ApiAnswer, LambdaApi } from './lambda-api/request.ts';
import { findRoute, isLambdaPath, lambdaOperationNames } from './lambda-api/routes.ts';
import type { ProtocolRegistry } from './protocols.ts';

export interface RouterParts {
  api: LambdaApi;
  keys: () => KeyService;
  /** What the started template added (SQS, Kinesis, ...), asked before Lambda's routes. */
  protocols: ProtocolRegistry;
  /** One line per API call, for the serve command's output. */
  onCall?: (line: string) => void;
}

async function stream(res: ServerResponse, answer: ApiAnswer, requestId: string): Promise<void> {
  const start = (headers: Record<string, string>) => {
    if (!res.headersSent) res.writeHead(answer.status, { 'x-amzn-RequestId': requestId, ...headers });
  };
  try {
    await answer.stream!(start, (chunk) => res.write(chunk));
  } catch (error) {
    if (!res.headersSent) throw error;
    res.destroy(error as Error);
    return;
  }
  res.end();
}

function write(res: ServerResponse, answer: ApiAnswer, requestId: string): void {
  const headers: Record<string, string | number> = { 'x-amzn-RequestId': requestId, ...answer.headers };
  if (answer.body === undefined) {
    res.writeHead(answer.status, { ...headers, 'Content-Length': 0 });
    res.end();
    return;
  }
  const bytes = Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(JSON.stringify(answer.body));
  res.writeHead(answer.status, { 'Content-Type': 'application/json', ...headers, 'Content-Length': bytes.length });
  res.end(bytes);
}

export async function routeRequest(req: IncomingMessage, res: ServerResponse, context: RequestContext, parts: RouterParts): Promise<void> {
  const body = await context.body();
  if (!body) return;
  const target = req.headers['x-amz-target'];
  const started = performance.now();
  if (isKmsRequest(typeof target === 'string' ? target : undefined)) {
    answerKms(parts.keys(), target as string, body, res);
    parts.onCall?.(`KMS ${String(target).slice('TrentService.'.length)} ${res.statusCode}`);
    return;
  }
  const url = new URL(req.url ?? '/', 'http://endpoint');
  const requestId = randomUUID();
  const request = { method: req.method ?? 'GET', url, headers: req.headers, ...(typeof target === 'string' ? { target } : {}) };
  const protocol = parts.protocols.find(request);
  if (protocol) {
    const line = await protocol.answer({ ...request, body, requestId, req, res });
    parts.onCall?.(`${line} ${Math.round(performance.now() - started)} ms`);
    return;
  }
  const route = findRoute(req.method ?? 'GET', url.pathname);
  if (!route) {
    const what = target ? `X-Amz-Target ${String(target)}` : `${req.method} ${url.pathname}`;
    const others = parts.protocols.list().map((p) => ` and ${p.name} (${p.operations.join(', ')})`).join('');
    const served = isLambdaPath(url.pathname) ? `Lambda's ${lambdaOperationNames.join(', ')}` : `Lambda (${lambdaOperationNames.length} operations) and KMS (${kmsActions.join(', ')})${others}`;
    return sendLambdaError(res, 'UnknownOperationException', `The local AWS endpoint does not serve ${what}. It serves ${served}.`, requestId);
  }
  try {
    const answer = await route.operation({ params: route.params, query: url.searchParams, headers: req.headers, body, requestId }, parts.api);
    if (answer.stream) await stream(res, answer, requestId);
    else write(res, answer, answer.headers?.['x-amzn-RequestId'] ?? requestId);
  } catch (error) {
    if (error instanceof ApiError || error instanceof LambdaServiceError) sendLambdaError(res, error.type, error.message, requestId);
    else sendLambdaError(res, 'ServiceException', `The local endpoint failed on ${route.name}: ${(error as Error).message}`, requestId);
  }
  const name = route.params.FunctionName ?? route.params.LayerName;
  parts.onCall?.(`Lambda ${route.name}${name ? ` ${name}` : ''} ${res.statusCode} ${Math.round(performance.now() - started)} ms`);
}
