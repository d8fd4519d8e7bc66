// LambdaTarget on the embedded runtime: deploys the learner's folder as a function in a
// LambdaService and invokes it there.

import type { LambdaService } from '../runtime/service.ts';
import type { LogEvent } from '../runtime/types.ts';
import { parseReport, type LambdaTarget, type TargetAlias, type TargetConfiguration, type TargetInvocation, type TargetInvokeRequest } from './target.ts';

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
      ...(request.qualifier ? { Qualifier: request.qualifier } : {}),
    });
    const report = parseReport(out.Logs);
    return {
      statusCode: out.StatusCode,
      ...(out.FunctionError ? { functionError: out.FunctionError } : {}),
      payload: out.Payload.toString('utf8'),
      logs: out.Logs,
      ...(report ? { report } : {}),
      elapsedMs: performance.now() - started,
      executedVersion: out.ExecutedVersion,
    };
  }

  watchLogs(listener: (line: string) => void): () => void {
    const onLog = (event: LogEvent) => {
      if (event.functionName === this.functionName) listener(event.message);
    };
    this.service.on('log', onLog);
    return () => void this.service.off('log', onLog);
  }

  async publishVersion(description?: string): Promise<string> {
    return (await this.service.publishVersion(this.functionName, description ? { Description: description } : {})).Version;
  }

  async putAlias(alias: TargetAlias): Promise<void> {
    const settings = {
      FunctionVersion: alias.functionVersion,
      ...(alias.routing ? { RoutingConfig: { AdditionalVersionWeights: { [alias.routing.version]: alias.routing.weight } } } : {}),
    };
    const exists = (() => {
      try {
        this.service.getAlias(this.functionName, alias.name);
        return true;
      } catch {
        return false;
      }
    })();
    if (exists) this.service.updateAlias(this.functionName, alias.name, { RoutingConfig: { AdditionalVersionWeights: {} }, ...settings });
    else this.service.createAlias(this.functionName, { Name: alias.name, ...settings });
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
