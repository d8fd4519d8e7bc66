// What an invocation's outcome in the environment becomes in Lambda's answer: the payload the
// caller gets, and the Status and Error Type the REPORT line shows.

import type { InvocationOutcome } from '../environments/environment.ts';
import { exitedMessage, timedOutMessage } from './platform-log.ts';
import { responseTooLargeMessage } from '../runtime-api/server.ts';

/** Turns what happened in the environment into Lambda's answer. */
export function interpret(outcome: InvocationOutcome, requestId: string) {
  const failure = (errorType: string, errorMessage: string) => Buffer.from(JSON.stringify({ errorType, errorMessage }));
  switch (outcome.kind) {
    case 'response':
      return { payload: outcome.payload, status: 'success' as const, functionError: false, ...(outcome.streamed ? { streamed: outcome.streamed } : {}) };
    case 'error':
      return { payload: outcome.payload, status: 'success' as const, functionError: true };
    case 'response-too-large':
      return { payload: failure('Function.ResponseSizeTooLarge', responseTooLargeMessage(outcome.size)), status: 'success' as const, functionError: true };
    case 'timeout':
      return { payload: failure('Sandbox.Timedout', timedOutMessage(requestId, outcome.elapsedMs)), status: 'timeout' as const, functionError: true };
    case 'out-of-memory':
      return {
        payload: failure('Runtime.OutOfMemory', `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`),
        status: 'error' as const,
        reportErrorType: 'Runtime.OutOfMemory',
        functionError: true,
      };
    case 'exit':
      return { payload: failure('Runtime.ExitError', exitedMessage(requestId, outcome.reason)), status: 'error' as const, reportErrorType: 'Runtime.ExitError', functionError: true };
  }
}
