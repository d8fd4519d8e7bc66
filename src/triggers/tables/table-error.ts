// An error a table operation answers, by DynamoDB's exception name (ValidationException,
// ResourceNotFoundException, ...); the endpoint writes it in DynamoDB's error shape.

export type TableErrorType = 'ValidationException' | 'ResourceNotFoundException' | 'SerializationException' | 'ResourceInUseException' | 'ConditionalCheckFailedException';

export class TableError extends Error {
  override name = 'TableError';
  readonly type: TableErrorType;
  /** Members the error's JSON carries besides __type and message (ConditionalCheckFailedException's Item). */
  readonly extra: Record<string, unknown>;

  constructor(type: TableErrorType, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.type = type;
    this.extra = extra;
  }
}
