// Errors the service itself returns, named as Lambda's API names them, so a learner who
// meets one here recognises it in the AWS documentation (API_CreateFunction.html#API_CreateFunction_Errors,
// API_Invoke.html#API_Invoke_Errors).

export type ServiceErrorName =
  | 'InvalidParameterValueException'
  | 'ValidationException'
  | 'ResourceNotFoundException'
  | 'ResourceConflictException'
  | 'RequestTooLargeException'
  | 'InvalidRequestContentException'
  | 'TooManyRequestsException'
  | 'RecursiveInvocationException'
  | 'ServiceException';

const statusCodes: Record<ServiceErrorName, number> = {
  InvalidParameterValueException: 400,
  ValidationException: 400,
  InvalidRequestContentException: 400,
  ResourceNotFoundException: 404,
  ResourceConflictException: 409,
  RequestTooLargeException: 413,
  TooManyRequestsException: 429,
  RecursiveInvocationException: 400,
  ServiceException: 500,
};

export class LambdaServiceError extends Error {
  readonly type: ServiceErrorName;
  readonly statusCode: number;

  constructor(type: ServiceErrorName, message: string) {
    super(message);
    this.name = type;
    this.type = type;
    this.statusCode = statusCodes[type];
  }

  /** The JSON body Lambda's API answers with. */
  toJSON(): { Type: string; Message: string } {
    return { Type: this.type, Message: this.message };
  }
}

/**
 * The function's code did not compile (Java, C#, Go). Not one of Lambda's API errors: on AWS
 * this happens on your machine before you deploy, so the message is the compiler's own.
 */
export class CodeBuildError extends Error {
  readonly output: string;
  readonly file?: string;
  readonly line?: number;

  constructor(message: string, output: string, where?: { file: string; line: number }) {
    super(message);
    this.name = 'CodeBuildError';
    this.output = output;
    if (where) {
      this.file = where.file;
      this.line = where.line;
    }
  }
}
