// InvokeWithResponseStream (POST /2021-11-15/functions/{FunctionName}/response-streaming-invocations):
// the function's bytes as PayloadChunk events while they come, then one InvokeComplete event
// with the error (if any) and the log tail. A function that does not stream arrives as one chunk.
// Source: https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html
// The head is written with the first chunk (or at the end), so an error before any byte (no such
// function, a bad payload) is answered as an ordinary API error.

import type { LogType } from '../../runtime/types.ts';
import { ApiError } from './errors.ts';
import { eventMessage } from './event-stream.ts';
import { parseFunctionName } from './function-name.ts';
import { checkClientContext } from './invoke.ts';
import type { Operation } from './request.ts';

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** ErrorCode and ErrorDetails from the error JSON the runtime posted (its errorType and the JSON itself). */
function errorFields(payload: Buffer): { ErrorCode: string; ErrorDetails: string } {
  try {
    const parsed = JSON.parse(payload.toString('utf8')) as { errorType?: unknown };
    return { ErrorCode: typeof parsed.errorType === 'string' ? parsed.errorType : 'Unhandled', ErrorDetails: payload.toString('utf8') };
  } catch {
    return { ErrorCode: 'Unhandled', ErrorDetails: payload.toString('utf8') };
  }
}

export const invokeWithResponseStream: Operation = (request, api) => {
  const { name, qualifier } = parseFunctionName(request.params.FunctionName!, request.query.get('Qualifier'));
  api.deployments.assertInvocable(name);
  const type = header(request.headers['x-amz-invocation-type']) ?? 'RequestResponse';
  if (type !== 'RequestResponse' && type !== 'DryRun') {
    throw new ApiError('InvalidParameterValueException', `InvocationType '${type}' is not valid for InvokeWithResponseStream: use RequestResponse or DryRun (Event is Invoke's).`);
  }
  const clientContext = checkClientContext(header(request.headers['x-amz-client-context']));
  return {
    status: type === 'DryRun' ? 204 : 200,
    stream: async (start, write) => {
      const output = await api.service.invokeWithResponseStream({
        FunctionName: name,
        ...(qualifier ? { Qualifier: qualifier } : {}),
        ...(request.body.length > 0 ? { Payload: request.body } : {}),
        InvocationType: type,
        ...(clientContext ? { ClientContext: clientContext } : {}),
        // The chain recursive loop detection counts, as Invoke reads it.
        ...(header(request.headers['x-amzn-trace-id']) ? { TraceHeader: header(request.headers['x-amzn-trace-id'])! } : {}),
        LogType: (header(request.headers['x-amz-log-type']) ?? 'None') as LogType,
        onChunk: (chunk) => {
          start({ 'X-Amz-Executed-Version': api.service.getFunctionConfiguration(name, qualifier).Version, 'Content-Type': 'application/octet-stream' });
          write(eventMessage('PayloadChunk', 'application/octet-stream', chunk));
        },
      });
      start({ 'X-Amz-Executed-Version': output.ExecutedVersion, 'Content-Type': output.ResponseStreamContentType ?? 'application/json' });
      if (output.StatusCode === 204) return;
      const complete = { ...(output.FunctionError ? errorFields(output.Payload) : {}), ...(output.LogResult !== undefined ? { LogResult: output.LogResult } : {}) };
      write(eventMessage('InvokeComplete', 'application/json', Buffer.from(JSON.stringify(complete))));
    },
  };
};
