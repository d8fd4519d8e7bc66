// The Lambda port in front of any AWS-compatible endpoint (ours, or Lambda itself), through the
// official SDK client: the triggers then call functions exactly as API Gateway or an event source
// mapping would call them over Lambda's API.

import { GetFunctionConfigurationCommand, InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { FunctionConfiguration } from '../../runtime/types.ts';
import type { LambdaPort, PortInvocation, PortInvocationResult, PortObserver } from '../lambda-port.ts';
import { ObservedInvokes } from './observed-invokes.ts';

/** One Invoke through the SDK, with the log tail (LogType Tail) for a synchronous call. */
async function send(client: LambdaClient, invocation: PortInvocation): Promise<PortInvocationResult> {
  const command = new InvokeCommand({
    FunctionName: invocation.functionName,
    Payload: Buffer.isBuffer(invocation.payload) ? invocation.payload : Buffer.from(invocation.payload, 'utf8'),
    InvocationType: invocation.invocationType ?? 'RequestResponse',
    LogType: invocation.invocationType === 'Event' ? 'None' : 'Tail',
    ...(invocation.qualifier !== undefined ? { Qualifier: invocation.qualifier } : {}),
    ...(invocation.clientContext !== undefined ? { ClientContext: invocation.clientContext } : {}),
  });
  const traceHeader = invocation.traceHeader;
  if (traceHeader !== undefined) {
    // Invoke has no member for it: Lambda reads the X-Amzn-Trace-Id header, which the SDK's
    // recursion-detection middleware leaves alone when it is already set.
    command.middlewareStack.add(
      (next) => (args) => {
        const request = args.request as { headers?: Record<string, string> };
        if (request.headers) request.headers['X-Amzn-Trace-Id'] = traceHeader;
        return next(args);
      },
      { step: 'build', name: 'lambdaDojoTraceHeader' },
    );
  }
  const out = await client.send(command);
  return {
    statusCode: out.StatusCode ?? 200,
    ...(out.FunctionError ? { functionError: out.FunctionError } : {}),
    payload: Buffer.from(out.Payload ?? new Uint8Array()),
    ...(out.ExecutedVersion ? { executedVersion: out.ExecutedVersion } : {}),
    requestId: out.$metadata.requestId ?? '',
    // Lambda's Invoke gives the last 4 KB of the log (LogType Tail), base64.
    logs: out.LogResult ? Buffer.from(out.LogResult, 'base64').toString('utf8').split('\n').filter(Boolean) : [],
  };
}

export function sdkPort(client: LambdaClient, account: { region: string; accountId: string }): LambdaPort {
  // Observers (the stack's CloudWatch) hear of the invocations this port makes, from their log tails.
  const observed = new ObservedInvokes();
  return {
    region: account.region,
    accountId: account.accountId,
    observe: (observer: PortObserver) => observed.observe(observer),
    invoke: (invocation: PortInvocation) => observed.run(invocation, () => send(client, invocation)),
    async getFunctionConfiguration(functionName: string, qualifier?: string): Promise<FunctionConfiguration> {
      const c = await client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName, ...(qualifier !== undefined ? { Qualifier: qualifier } : {}) }));
      return {
        FunctionName: c.FunctionName ?? functionName,
        FunctionArn: c.FunctionArn ?? '',
        Runtime: c.Runtime ?? '',
        Handler: c.Handler ?? '',
        MemorySize: c.MemorySize ?? 128,
        Timeout: c.Timeout ?? 3,
        Environment: { Variables: c.Environment?.Variables ?? {} },
        EphemeralStorage: { Size: c.EphemeralStorage?.Size ?? 512 },
        Description: c.Description ?? '',
        Version: c.Version ?? '$LATEST',
        LastModified: c.LastModified ?? '',
        CodeSha256: c.CodeSha256 ?? '',
        CodeSize: c.CodeSize ?? 0,
        Layers: (c.Layers ?? []).map((l) => ({ Arn: l.Arn ?? '', CodeSize: l.CodeSize ?? 0 })),
      };
    },
  };
}
