// Helpers for checks of labs that bring their own stack (lab.ts needs.stack): the stack as the
// target provided it, an official DynamoDB client on the stack's endpoint, HTTP requests to the
// stack's APIs (HTTP and WebSocket) as a client sends them, and API Gateway's access log, which says for each request
// whether the authorizer's cache answered.

import { DynamoDBClient, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { WebSocket } from 'ws';
import type { CheckContext } from './lab-types.ts';
import type { ProvidedStack } from './targets/lab-stack.ts';
import { placeholderCredentials } from './targets/local-key-service.ts';

/** The lab's stack; a lab that declares needs.stack always gets one (the deployer refuses otherwise). */
export function stackOf(context: CheckContext): ProvidedStack {
  const stack = context.needs.stack;
  if (!stack) throw new Error('This check needs the lab\'s stack (lab.ts needs.stack), and the target did not provide one.');
  return stack;
}

/** The settings of an official SDK client on the stack's endpoint: `new SQSClient(stackClientConfig(stack, region))`. */
export function stackClientConfig(stack: ProvidedStack, region: string) {
  return { endpoint: stack.endpoint, region, credentials: placeholderCredentials, maxAttempts: 1 };
}

/** A stack output's URL, by kind (apis, websockets) and logical id. */
export function stackUrl(stack: ProvidedStack, kind: 'apis' | 'websockets', logicalId: string): string {
  const url = stack.outputs[kind]?.[logicalId];
  if (typeof url !== 'string') throw new Error(`The lab's stack has no ${kind}.${logicalId} (it has: ${Object.keys(stack.outputs[kind] ?? {}).join(', ') || 'none'}).`);
  return url.replace(/\/$/, '');
}

/** Writes items into a table of the stack with the official SDK, as a learner's setup script would. */
export async function putItems(stack: ProvidedStack, region: string, table: string, items: Array<Record<string, string>>): Promise<void> {
  const client = new DynamoDBClient(stackClientConfig(stack, region));
  try {
    for (const item of items) {
      const Item: Record<string, AttributeValue> = Object.fromEntries(Object.entries(item).map(([key, value]) => [key, { S: value }]));
      await client.send(new PutItemCommand({ TableName: table, Item }));
    }
  } finally {
    client.destroy();
  }
}

export interface ApiAnswer {
  status: number;
  /** The body as JSON, or its text when it is not JSON. */
  body: unknown;
}

/** One request to an API of the stack, as curl would send it. */
export async function callApi(url: string, method: string, headers: Record<string, string> = {}): Promise<ApiAnswer> {
  const response = await fetch(url, { method, headers, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body };
}

/**
 * How many times the API's authorizer was invoked so far: the access-log lines of the API whose
 * authorizer field says the cache did not answer (a miss, or no cache).
 */
export function authorizerInvocations(stack: ProvidedStack, apiLogicalId: string): number {
  return stack.log.filter((line) => line.startsWith(`${apiLogicalId} `) && /\sauthorizer=(miss|off)\s/.test(line)).length;
}

/** The message of an API Gateway error body ({"message": ...} or {"Message": ...}), or undefined. */
export function gatewayMessage(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  const message = record.Message ?? record.message;
  return typeof message === 'string' ? message : undefined;
}

/** How a WebSocket handshake ended: opened (101), or refused with an HTTP status. */
export type Handshake = { opened: true } | { opened: false; status: number; body: unknown };

/** Opens a WebSocket to the stack's API as a client would, with these headers, and closes it again at once. */
export function openWebSocket(url: string, headers: Record<string, string> = {}): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers, handshakeTimeout: 30_000 });
    socket.once('open', () => {
      socket.close(1000);
      resolve({ opened: true });
    });
    socket.once('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON: keep the text.
        }
        resolve({ opened: false, status: response.statusCode ?? 0, body });
      });
    });
    socket.once('error', (error) => reject(error));
  });
}
