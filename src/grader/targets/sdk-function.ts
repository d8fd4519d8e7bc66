// One deployed function seen through the official Lambda client: what a check does to it
// (invoke, read and change its configuration, versions, aliases) as SDK calls, so the same check
// runs against the local endpoint and against AWS. Logs come from Invoke's LogType Tail (the last
// 4 KB, as Lambda returns them), the REPORT line among them.
// Source: https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html

import {
  CreateAliasCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  PublishVersionCommand,
  ResourceNotFoundException,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { parseReport, type LambdaTarget, type TargetAlias, type TargetConfiguration, type TargetInvocation, type TargetInvokeRequest } from '../target.ts';

/** How long an update may take to finish before the check gives up (a build on the endpoint, a cold AWS). */
const updateWaitSeconds = 300;

/** Invoke's log tail: the last 4 KB, so its first line may be cut: it is dropped then. */
export function tailLines(logResult: string | undefined): string[] {
  if (!logResult) return [];
  const text = Buffer.from(logResult, 'base64').toString('utf8');
  const lines = text.split('\n').filter((line) => line !== '');
  return Buffer.byteLength(text) >= 4096 && !text.startsWith('START ') ? lines.slice(1) : lines;
}

export class SdkFunction implements LambdaTarget {
  private readonly lambda: LambdaClient;
  readonly functionName: string;
  readonly arn: string;
  private readonly onReport: (billedMs: number, memoryMB: number) => void;

  constructor(lambda: LambdaClient, functionName: string, arn: string, onReport: (billedMs: number, memoryMB: number) => void) {
    this.lambda = lambda;
    this.functionName = functionName;
    this.arn = arn;
    this.onReport = onReport;
  }

  async invoke(request: TargetInvokeRequest = {}): Promise<TargetInvocation> {
    const started = performance.now();
    const invocationType = request.invocationType ?? 'RequestResponse';
    const payload = request.payload ?? {};
    const out = await this.lambda.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: invocationType,
        Payload: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)),
        ...(invocationType === 'RequestResponse' ? { LogType: 'Tail' as const } : {}),
        ...(request.qualifier ? { Qualifier: request.qualifier } : {}),
      }),
    );
    const logs = tailLines(out.LogResult);
    const report = parseReport(logs);
    // An asynchronous invocation is billed too, but its REPORT never comes back: counted with its memory unknown.
    this.onReport(report?.billedDurationMs ?? 0, report?.memorySizeMB ?? 0);
    return {
      statusCode: out.StatusCode ?? 0,
      ...(out.FunctionError ? { functionError: out.FunctionError } : {}),
      payload: out.Payload ? Buffer.from(out.Payload).toString('utf8') : '',
      logs,
      ...(report ? { report } : {}),
      elapsedMs: performance.now() - started,
      executedVersion: out.ExecutedVersion ?? '$LATEST',
    };
  }

  async configuration(): Promise<TargetConfiguration> {
    const config = await this.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: this.functionName }));
    return { memorySize: config.MemorySize ?? 128, timeout: config.Timeout ?? 3, environment: { ...config.Environment?.Variables } };
  }

  async updateConfiguration(changes: Partial<TargetConfiguration>): Promise<void> {
    await this.lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: this.functionName,
        ...(changes.memorySize !== undefined ? { MemorySize: changes.memorySize } : {}),
        ...(changes.timeout !== undefined ? { Timeout: changes.timeout } : {}),
        ...(changes.environment !== undefined ? { Environment: { Variables: changes.environment } } : {}),
      }),
    );
    // Lambda applies an update in the background (LastUpdateStatus InProgress): invoke once it is done.
    await waitUntilFunctionUpdatedV2({ client: this.lambda, maxWaitTime: updateWaitSeconds, minDelay: 1, maxDelay: 5 }, { FunctionName: this.functionName });
  }

  async publishVersion(description?: string): Promise<string> {
    const out = await this.lambda.send(new PublishVersionCommand({ FunctionName: this.functionName, ...(description ? { Description: description } : {}) }));
    return out.Version!;
  }

  async putAlias(alias: TargetAlias): Promise<void> {
    const settings = {
      FunctionName: this.functionName,
      Name: alias.name,
      FunctionVersion: alias.functionVersion,
      RoutingConfig: { AdditionalVersionWeights: alias.routing ? { [alias.routing.version]: alias.routing.weight } : {} },
    };
    try {
      await this.lambda.send(new UpdateAliasCommand(settings));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await this.lambda.send(new CreateAliasCommand(settings));
    }
  }
}
