// An error the queue model refuses with, named as SQS names it (the shape name in the JSON
// protocol's __type, "com.amazonaws.sqs#QueueDoesNotExist"). The endpoint adds the query-mode
// code and HTTP status (src/endpoint/sqs/sqs-errors.ts); a poller can test `code` directly.

export type SqsErrorCode =
  | 'QueueDoesNotExist'
  | 'QueueNameExists'
  | 'InvalidAttributeName'
  | 'InvalidAttributeValue'
  | 'InvalidParameterValue'
  | 'MissingParameter'
  | 'InvalidMessageContents'
  | 'ReceiptHandleIsInvalid'
  | 'MessageNotInflight'
  | 'PurgeQueueInProgress'
  | 'EmptyBatchRequest'
  | 'TooManyEntriesInBatchRequest'
  | 'BatchEntryIdsNotDistinct'
  | 'InvalidBatchEntryId'
  | 'BatchRequestTooLong'
  | 'UnsupportedOperation'
  | 'InvalidAction';

export class SqsError extends Error {
  readonly code: SqsErrorCode;

  constructor(code: SqsErrorCode, message: string) {
    super(message);
    this.name = code;
    this.code = code;
  }
}
