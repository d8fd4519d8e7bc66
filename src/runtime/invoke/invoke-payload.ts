// The Invoke API's payload handling: the event as bytes, the log tail, the trace header.

import { randomBytes } from 'node:crypto';
import { LambdaServiceError } from '../errors.ts';

/** The event as Lambda receives it: JSON text (an object is encoded; text must already be JSON). */
export function encodePayload(payload: unknown): Buffer {
  if (payload === undefined || payload === null || payload === '') return Buffer.from('{}');
  if (Buffer.isBuffer(payload)) return validJson(payload);
  if (payload instanceof Uint8Array) return validJson(Buffer.from(payload));
  if (typeof payload === 'string') {
    parseJson(payload); // the text itself, not a decoding of its bytes
    return Buffer.from(payload, 'utf8');
  }
  return Buffer.from(JSON.stringify(payload), 'utf8');
}

function validJson(buffer: Buffer): Buffer {
  parseJson(buffer.toString('utf8'));
  return buffer;
}

function parseJson(text: string): void {
  try {
    JSON.parse(text);
  } catch (error) {
    throw new LambdaServiceError(
      'InvalidRequestContentException',
      `Could not parse request body into json: ${(error as Error).message}. The event must be JSON, for example {"name": "Ada"}.`,
    );
  }
}

export function parseError(payload: Buffer): { errorType?: string } | undefined {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The last 4 KB of an invocation's log, base64-encoded, as Invoke's LogType Tail returns it. */
export function tail(lines: string[]): string {
  const text = Buffer.from(lines.join('\n') + '\n', 'utf8');
  return text.subarray(Math.max(0, text.length - 4096)).toString('base64');
}

/** An X-Ray trace header in the format Lambda passes (Root=1-<epoch hex>-<24 hex>). */
export function traceHeader(): string {
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}
