// The embedded target: functions in an in-process LambdaService (the learner's folder deployed
// as it is, built in the runtime's cache, its log lines live), and the SDK clients pointed at the
// local endpoint in front of that service, so checks that call AWS APIs run here too.

import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { startEndpoint, type LocalEndpoint } from '../endpoint/server.ts';
import { LambdaServiceError } from '../runtime/errors.ts';
import type { LambdaService } from '../runtime/service.ts';
import type { LambdaPort } from '../triggers/lambda-port.ts';
import { servicePort } from '../triggers/ports/service-port.ts';
import type { LogEvent } from '../runtime/types.ts';
import type { AwsClients, FunctionSpec, LabTarget, ProvidedKeyService, Usage } from './targets/lab-target.ts';
import { placeholderCredentials, provideLocalKeyService } from './targets/local-key-service.ts';
import { startLabBackend, type BackendNeed, type ProvidedBackend } from './targets/lab-backend.ts';
import { parseReport, type LambdaTarget, type TargetAlias, type TargetConfiguration, type TargetInvocation, type TargetInvokeRequest } from './target.ts';

export class EmbeddedTarget implements LambdaTarget {
  private readonly service: LambdaService;
  readonly functionName: string;
  private readonly onReport: ((billedMs: number, memoryMB: number) => void) | undefined;

  constructor(service: LambdaService, functionName: string, onReport?: (billedMs: number, memoryMB: number) => void) {
    this.service = service;
    this.functionName = functionName;
    this.onReport = onReport;
  }

  get arn(): string {
    return this.service.functionArn(this.functionName);
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
    this.onReport?.(report?.billedDurationMs ?? 0, report?.memorySizeMB ?? 0);
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

/** The embedded runtime as a lab target. */
export class EmbeddedLabTarget implements LabTarget {
  readonly kind = 'embedded' as const;
  readonly description = 'the embedded runtime';
  readonly service: LambdaService;
  readonly region: string;
  readonly clients: AwsClients;
  private readonly endpoint: LocalEndpoint | undefined;
  private readonly used: Usage = { requests: 0, gbSeconds: 0 };

  /** A service behind a local endpoint (its URL is where the clients go). */
  constructor(service: LambdaService, endpointUrl: string, endpoint?: LocalEndpoint) {
    this.service = service;
    this.region = service.region;
    this.endpoint = endpoint;
    const config = { region: service.region, endpoint: endpointUrl, credentials: placeholderCredentials };
    this.clients = { lambda: new LambdaClient(config), kms: new KMSClient(config) };
  }

  /** Starts a service with its local endpoint; close() stops both. */
  static async start(): Promise<EmbeddedLabTarget> {
    const endpoint = await startEndpoint();
    return new EmbeddedLabTarget(endpoint.service, endpoint.url, endpoint);
  }

  async publishLayer(name: string, zip: Buffer): Promise<string> {
    return this.service.publishLayerVersion({ LayerName: name, Content: { ZipFile: zip } }).LayerVersionArn;
  }

  async deleteLayer(): Promise<void> {
    // Layer versions stay in the service until it stops, as its own store keeps them.
  }

  async createFunction(spec: FunctionSpec): Promise<EmbeddedTarget> {
    await this.service.createFunction({
      FunctionName: spec.name,
      Runtime: spec.runtime,
      Handler: spec.handler,
      Code: { Directory: spec.codeFolder },
      ...(spec.memorySize !== undefined ? { MemorySize: spec.memorySize } : {}),
      ...(spec.timeout !== undefined ? { Timeout: spec.timeout } : {}),
      Environment: { Variables: spec.environment },
      ...(spec.layers.length > 0 ? { Layers: spec.layers } : {}),
    });
    return new EmbeddedTarget(this.service, spec.name, (billedMs, memoryMB) => {
      this.used.requests += 1;
      this.used.gbSeconds += (billedMs / 1000) * (memoryMB / 1024);
    });
  }

  async deleteFunction(name: string): Promise<void> {
    try {
      await this.service.deleteFunction(name);
    } catch (error) {
      if (!(error instanceof LambdaServiceError && error.type === 'ResourceNotFoundException')) throw error;
    }
  }

  provideKeyService(options: { decryptDelayMs?: number }): Promise<ProvidedKeyService & { release(): Promise<void> }> {
    return provideLocalKeyService({ region: this.region, ...(options.decryptDelayMs !== undefined ? { decryptDelayMs: options.decryptDelayMs } : {}) });
  }

  lambdaPort(): LambdaPort {
    return servicePort(this.service);
  }

  /** The functions run on this machine, so they reach a backend on its loopback. */
  provideBackend(need: BackendNeed): Promise<ProvidedBackend & { release(): Promise<void> }> {
    return startLabBackend(need);
  }

  usage(): Usage {
    return { ...this.used };
  }

  async close(): Promise<void> {
    this.clients.lambda.destroy();
    this.clients.kms.destroy();
    await this.endpoint?.close();
  }
}
