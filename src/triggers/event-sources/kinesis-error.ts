// An error the stream model refuses with, named as Kinesis names it (the __type of its AWS JSON
// 1.1 errors: ResourceNotFoundException, InvalidArgumentException, ...). The endpoint answers it
// with status 400, as Kinesis does for every modelled error.

export type KinesisErrorCode =
  | 'ResourceNotFoundException'
  | 'ResourceInUseException'
  | 'InvalidArgumentException'
  | 'ExpiredIteratorException'
  | 'LimitExceededException'
  | 'ProvisionedThroughputExceededException'
  | 'ValidationException';

export class KinesisError extends Error {
  readonly code: KinesisErrorCode;

  constructor(code: KinesisErrorCode, message: string) {
    super(message);
    this.name = code;
    this.code = code;
  }
}
