// Lambda's REST-JSON error answers: the error's name in the x-amzn-ErrorType header, and a JSON
// body with `Type` ("User" or "Service") and the message under the member name Lambda's model
// gives that error: `Message` for some, `message` for others. Source: Lambda's Smithy model as the
// AWS SDK for JavaScript v3 ships it (@aws-sdk/client-lambda 3.1178.0, dist-cjs/index.js: each
// exception's schema, e.g. ResourceNotFoundException [Type, Message] 404, ResourceConflictException
// [Type, message] 409). The SDK reads the name from the header and `message ?? Message`; botocore
// reads either spelling too. ValidationException is not in the model: Lambda's front end sends it
// with `message` only.

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

interface ErrorShape {
  status: number;
  messageMember: 'Message' | 'message';
  type?: 'User' | 'Service';
}

const shapes: Record<string, ErrorShape> = {
  InvalidParameterValueException: { status: 400, messageMember: 'message', type: 'User' },
  InvalidRequestContentException: { status: 400, messageMember: 'message', type: 'User' },
  RequestTooLargeException: { status: 413, messageMember: 'message', type: 'User' },
  ResourceConflictException: { status: 409, messageMember: 'message', type: 'User' },
  ResourceNotFoundException: { status: 404, messageMember: 'Message', type: 'User' },
  ResourceInUseException: { status: 400, messageMember: 'Message', type: 'User' },
  TooManyRequestsException: { status: 429, messageMember: 'message', type: 'User' },
  RecursiveInvocationException: { status: 400, messageMember: 'Message', type: 'User' },
  UnsupportedMediaTypeException: { status: 415, messageMember: 'message', type: 'User' },
  ServiceException: { status: 500, messageMember: 'Message', type: 'Service' },
  ValidationException: { status: 400, messageMember: 'message' },
  // Not Lambda's: a route this endpoint does not serve (Lambda has it, or it is not Lambda's).
  UnknownOperationException: { status: 404, messageMember: 'message' },
};

/** An error an operation answers with, in Lambda's names (LambdaServiceError carries the same names). */
export class ApiError extends Error {
  readonly type: string;

  constructor(type: keyof typeof shapes, message: string) {
    super(message);
    this.type = type;
  }
}

export function sendLambdaError(res: ServerResponse, type: string, message: string, requestId = randomUUID()): void {
  const shape = shapes[type] ?? { status: 400, messageMember: 'message' as const, type: 'User' as const };
  const body = JSON.stringify({ ...(shape.type ? { Type: shape.type } : {}), [shape.messageMember]: message });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(shape.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-ErrorType': type,
    'x-amzn-RequestId': requestId,
  });
  res.end(body);
}
