// LambdaTarget on the embedded runtime: deploys the learner's folder as a function in a
// LambdaService and invokes it there.

import type { LambdaService } from '../runtime/service.ts';
import { parseReport, type LambdaTarget, type TargetConfiguration, type TargetInvocation, type TargetInvokeRequest } from './target.ts';

export class EmbeddedTarget implements LambdaTarget {
  private readonly service: LambdaService;
  readonly functionName: string;

  constructor(service: LambdaService, functionName: string) {
    this.service = service;
    this.functionName = functionName;
  }

  async invoke(request: TargetInvokeRequest = {}): Promise<TargetInvocation> {
    const started = performance.now();
    const out = await this.service.invoke({
      FunctionName: this.functionName,
      Payload: request.payload ?? {},
      InvocationType: request.invocationType ?? 'RequestResponse',
    });
    const report = parseReport(out.Logs);
    return {
      statusCode: out.StatusCode,
      ...(out.FunctionError ? { functionError: out.FunctionError } : {}),
      payload: out.Payload,
      logs: out.Logs,
      ...(report ? { report } : {}),
      elapsedMs: performance.now() - started,
    };
  }

  async configuration(): Promise<TargetConfiguration> {
    const config = this.service.getFunctionConfiguration(this.functionName);
    return { memorySize: config.MemorySize, timeout: config.Timeout, environment: { ...config.Environment.Variables } };
  }

  async updateConfiguration(changes: Partial<TargetConfiguration>): Promise<void> {
    await this.service.updateFunctionConfiguration(this.functionName, {
      ...(changes.memorySize !== undefined ? { MemorySize: changes.memorySize } : {}),
      ...(changes.timeout !== undefined ? { Timeout: changes.timeout } : {}),
      ...(changes.environment !== undefined ? { Environment: { Variables: changes.environment } } : {}),
    });
  }
}
