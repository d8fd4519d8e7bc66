// SQS's JSON-protocol error answer: status, `x-amzn-query-error: <query code>;Sender`, and
// {"__type": "com.amazonaws.sqs#<Shape>", "message": ...}. The query code and status per shape are
// SQS's own (its service model's awsQueryError traits, as @aws-sdk/client-sqs 3.1178 carries
// them); the SDK's query-compatible mode reads the header into error.Code.
// Source: SQS Developer Guide sqs-json-api-responses.html (the error example:
// AWS.SimpleQueueService.NonExistentQueue;Sender, com.amazonaws.sqs#QueueDoesNotExist, 400).

import type { ServerResponse } from 'node:http';
import type { SqsErrorCode } from '../../triggers/event-sources/sqs-error.ts';

export const sqsContentType = 'application/x-amz-json-1.0';

/** Shape -> [query-mode code, HTTP status]; shapes not listed answer 400 with their own name. */
const queryErrors: Partial<Record<SqsErrorCode | 'InternalError', [string, number]>> = {
  QueueDoesNotExist: ['AWS.SimpleQueueService.NonExistentQueue', 400],
  QueueNameExists: ['QueueAlreadyExists', 400],
  ReceiptHandleIsInvalid: ['ReceiptHandleIsInvalid', 404],
  MessageNotInflight: ['AWS.SimpleQueueService.MessageNotInflight', 400],
  PurgeQueueInProgress: ['AWS.SimpleQueueService.PurgeQueueInProgress', 403],
  EmptyBatchRequest: ['AWS.SimpleQueueService.EmptyBatchRequest', 400],
  TooManyEntriesInBatchRequest: ['AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 400],
  BatchEntryIdsNotDistinct: ['AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 400],
  InvalidBatchEntryId: ['AWS.SimpleQueueService.InvalidBatchEntryId', 400],
  BatchRequestTooLong: ['AWS.SimpleQueueService.BatchRequestTooLong', 400],
  UnsupportedOperation: ['AWS.SimpleQueueService.UnsupportedOperation', 400],
  InternalError: ['InternalError', 500],
};

export function sqsErrorStatus(code: string): number {
  return queryErrors[code as SqsErrorCode]?.[1] ?? 400;
}

export function sendSqsError(res: ServerResponse, code: string, message: string, requestId: string): void {
  const [queryCode, status] = queryErrors[code as SqsErrorCode] ?? [code, 400];
  const fault = status >= 500 ? 'Receiver' : 'Sender';
  const body = JSON.stringify({ __type: `com.amazonaws.sqs#${code}`, message });
  res.writeHead(status, {
    'Content-Type': sqsContentType,
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': requestId,
    'x-amzn-query-error': `${queryCode};${fault}`,
  });
  res.end(body);
}

export function sendSqsResult(res: ServerResponse, body: object, requestId: string): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'Content-Type': sqsContentType, 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': requestId });
  res.end(text);
}
