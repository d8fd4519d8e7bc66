// Invoke (POST /2015-03-31/functions/{FunctionName}/invocations): the event is the body, the
// answer the function's bytes. RequestResponse answers 200, Event 202 and DryRun 204; a function
// error sets X-Amz-Function-Error, Tail puts the last 4 KB of the log in X-Amz-Log-Result, and
// X-Amz-Executed-Version names the version that ran.
// X-Amzn-Trace-Id carries the chain that recursive loop detection counts (runtime/invoke/recursion.ts).
// Source: https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html

import type { InvocationType, LogType } from '../../runtime/types.ts';
import { ApiError } from './errors.ts';
import { parseFunctionName } from './function-name.ts';
import type { Operation } from './request.ts';

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * X-Amz-Client-Context: base64-encoded JSON, up to 3,583 bytes (API_Invoke.html, ClientContext).
 * Checked here so a bad one is the caller's error, not a header the runtime cannot be sent.
 */
export function checkClientContext(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const refuse = (why: string): never => {
    throw new ApiError('InvalidRequestContentException', `Client context must be a valid Base64-encoded JSON object of at most 3583 bytes: ${why}.`);
  };
  if (value.length > 3583) refuse(`this one has ${value.length} bytes`);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) refuse('it is not base64');
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) refuse('it decodes to JSON that is not an object');
  } catch (error) {
    if (error instanceof ApiError) throw error;
    refuse('it does not decode to JSON');
  }
  return value;
}

export const invoke: Operation = async (request, api) => {
  const { name, qualifier } = parseFunctionName(request.params.FunctionName!, request.query.get('Qualifier'));
  api.deployments.assertInvocable(name);
  // Base64-encoded JSON, as the service takes it (and decodes it for the runtime, as Lambda does).
  const context = checkClientContext(header(request.headers['x-amz-client-context']));
  const output = await api.service.invoke({
    FunctionName: name,
    ...(qualifier ? { Qualifier: qualifier } : {}),
    // No body is the empty event, as the service (and Lambda) take a missing payload.
    ...(request.body.length > 0 ? { Payload: request.body } : {}),
    InvocationType: (header(request.headers['x-amz-invocation-type']) ?? 'RequestResponse') as InvocationType,
    LogType: (header(request.headers['x-amz-log-type']) ?? 'None') as LogType,
    ...(context ? { ClientContext: context } : {}),
    // The chain recursive loop detection counts: a function's SDK forwards its _X_AMZN_TRACE_ID here.
    ...(header(request.headers['x-amzn-trace-id']) ? { TraceHeader: header(request.headers['x-amzn-trace-id'])! } : {}),
  });
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'x-amzn-RequestId': output.RequestId };
  if (output.StatusCode === 200) headers['X-Amz-Executed-Version'] = output.ExecutedVersion;
  if (output.FunctionError) headers['X-Amz-Function-Error'] = output.FunctionError;
  if (output.LogResult !== undefined) headers['X-Amz-Log-Result'] = output.LogResult;
  return { status: output.StatusCode, body: output.Payload, headers };
};
