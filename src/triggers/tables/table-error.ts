// An error a table operation answers, by DynamoDB's exception name (ValidationException,
// ResourceNotFoundException, ...); the endpoint writes it in DynamoDB's error shape.

export type TableErrorType = 'ValidationException' | 'ResourceNotFoundException' | 'SerializationException' | 'ResourceInUseException' | 'ConditionalCheckFailedException';

export class TableError extends Error {
  override name = 'TableError';
  readonly type: TableErrorType;

  constructor(type: TableErrorType, message: string) {
    super(message);
    this.type = type;
  }
}
