// KMS on the endpoint: AWS JSON 1.1, routed by X-Amz-Target `TrentService.<Action>`. The actions
// themselves are the runtime's key service (answerKmsRequest), so the endpoint and the embedded
// key service answer alike. Source: https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html

import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { answerKmsRequest, type KeyService } from '../runtime/key-service.ts';

export const kmsContentType = 'application/x-amz-json-1.1';

export function isKmsRequest(target: string | undefined): boolean {
  return typeof target === 'string' && target.startsWith('TrentService.');
}

export function answerKms(keys: KeyService, target: string, body: Buffer, res: ServerResponse): void {
  const answer = answerKmsRequest(keys, target, body);
  const json = JSON.stringify('error' in answer ? { __type: answer.error, message: answer.message } : answer.body);
  res.writeHead(answer.status, { 'Content-Type': kmsContentType, 'Content-Length': Buffer.byteLength(json), 'x-amzn-RequestId': randomUUID() });
  res.end(json);
}
