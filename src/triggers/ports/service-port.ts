// The Lambda port in front of the embedded service, in the same process: no HTTP in between,
// so what a trigger adds is measured against a direct invoke.

import type { LambdaService, RecursiveInvocationDropped } from '../../runtime/service.ts';
import type { AsyncInvocationResult, FunctionConfiguration, InvocationRecord, LogEvent } from '../../runtime/types.ts';
import type { LambdaPort, PortInvocation, PortInvocationResult, PortObserver } from '../lambda-port.ts';

export function servicePort(service: LambdaService): LambdaPort {
  return {
    region: service.region,
    accountId: service.accountId,
    async invoke(invocation: PortInvocation): Promise<PortInvocationResult> {
      const out = await service.invoke({
        FunctionName: invocation.functionName,
        Payload: Buffer.isBuffer(invocation.payload) ? invocation.payload.toString('utf8') : invocation.payload,
        InvocationType: invocation.invocationType ?? 'RequestResponse',
        ...(invocation.qualifier !== undefined ? { Qualifier: invocation.qualifier } : {}),
        ...(invocation.clientContext !== undefined ? { ClientContext: invocation.clientContext } : {}),
        ...(invocation.traceHeader !== undefined ? { TraceHeader: invocation.traceHeader } : {}),
      });
      return {
        statusCode: out.StatusCode,
        ...(out.FunctionError ? { functionError: out.FunctionError } : {}),
        payload: out.Payload,
        executedVersion: out.ExecutedVersion,
        requestId: out.RequestId,
        logs: out.Logs,
      };
    },
    async getFunctionConfiguration(functionName: string, qualifier?: string): Promise<FunctionConfiguration> {
      return service.getFunctionConfiguration(functionName, qualifier);
    },
    observe(observer: PortObserver): () => void {
      const onInvocation = (record: InvocationRecord) => observer.invocation?.(record);
      const onLog = (event: LogEvent) => observer.log?.(event);
      const onDropped = (dropped: RecursiveInvocationDropped) => observer.recursiveInvocationDropped?.(dropped);
      service.on('invocation', onInvocation);
      service.on('log', onLog);
      service.on('recursiveInvocationDropped', onDropped);
      const onAsyncResult = (result: AsyncInvocationResult) => observer.asyncResult?.(result);
      service.on('asyncResult', onAsyncResult);
      return () => {
        service.off('asyncResult', onAsyncResult);
        service.off('invocation', onInvocation);
        service.off('log', onLog);
        service.off('recursiveInvocationDropped', onDropped);
      };
    },
  };
}
