// The embedded Lambda service: Lambda's control plane and Invoke in Lambda's own names
// (createFunction, invoke, ...), for the CLI, the grader, the site and, later, the local AWS
// endpoint and triggers. It composes the parts and holds no logic of its own beyond that:
//   registry/      functions, versions, aliases, layers, configuration rules
//   invoke/        one invocation from event to REPORT; asynchronous retries
//   environments/  the pool, one environment's lifecycle, its process, output and memory
//   runtime-api/   the Runtime API each environment's runtime talks to
//   host/          what the machine allows (namespaces) and the sweep of what a dead host left

import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentSpecFor } from './environments/environment-spec.ts';
import { initLimitMs as lambdaInitLimitMs } from './environments/environment.ts';
import { EnvironmentPool } from './environments/pool.ts';
import { LambdaServiceError } from './errors.ts';
import { mountNamespacesAvailable } from './host/mount-namespace.ts';
import { sweepAbandonedSandboxes, writeOwnerFile } from './host/sandbox-sweep.ts';
import { AsyncInvocations } from './invoke/async-invocations.ts';
import { InvocationRecords } from './invoke/invocation-records.ts';
import { encodePayload, tail } from './invoke/invoke-payload.ts';
import { Invoker, type InvocationInput } from './invoke/invoker.ts';
import { FunctionSettings } from './invoke/function-settings.ts';
import type { RecursiveLoop } from './invoke/recursion.ts';
import { defaultKeyFile, KeyService } from './key-service.ts';
import { limits } from './limits.ts';
import type { AliasConfiguration, AliasInput } from './registry/aliases.ts';
import { FunctionRegistry, type ConfigurationChanges, type FunctionVersion } from './registry/function-registry.ts';
import { LayerStore } from './registry/layers.ts';
import { coldStartNotes, runtimeIds } from './runtimes/registry.ts';
import type { AsyncInvocationResult, EventInvokeConfigInput, FunctionConfiguration, FunctionConfigurationInput, FunctionEventInvokeConfig, InvocationRecord, InvocationReport, InvokeInput, InvokeOutput, LayerVersion, LogEvent, PublishLayerVersionInput } from './types.ts';

export interface LambdaServiceOptions {
  region?: string;
  accountId?: string;
  /** Most execution environments alive at once, across functions: a laptop is not a Region. */
  maxEnvironments?: number;
  /** An environment idle this long is shut down. */
  idleTimeoutMs?: number;
  /** The init phase's limit (Lambda: 10 s). */
  initLimitMs?: number;
  /** Waits before the two retries of a failed asynchronous invocation (Lambda: about 1 and 2 minutes). */
  asyncRetryDelaysMs?: number[];
  /** Where compiled languages keep their builds, by source hash, so unchanged code is not compiled again. */
  buildCacheDir?: string;
  /** The local key service's key file (default ~/.config/lambda-dojo/kms-key). */
  keyFile?: string;
  /**
   * The local AWS endpoint this service runs behind (`lambda-dojo serve`), as http://127.0.0.1:port.
   * Functions then get it as AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_KMS), so their SDK reaches the
   * endpoint's services; without it the service starts its own key service for AWS_ENDPOINT_URL_KMS.
   */
  endpointUrl?: string;
}

/** Told when a create or update has passed every check and its (possibly slow) build starts. */
export interface DeploymentHooks {
  accepted?: (config: FunctionConfiguration) => void;
}

type ServiceEvents = {
  log: [LogEvent];
  /** An asynchronous invocation ended: every failure, and a success that has an on-success destination. */
  asyncResult: [AsyncInvocationResult];
  /** An invocation stopped by recursive loop detection (Lambda's RecursiveInvocationsDropped metric counts these). */
  recursiveInvocationDropped: [RecursiveInvocationDropped];
  /** Every invocation that ran or was throttled, with its report (metrics and cost are made from these). */
  invocation: [InvocationRecord];
};

export interface RecursiveInvocationDropped {
  functionName: string;
  requestId: string;
  invocationType: 'RequestResponse' | 'Event';
  /** The invocation's number in its chain (17 when the limit is 16). */
  invocation: number;
  timestamp: number;
}

export class LambdaService extends EventEmitter<ServiceEvents> {
  readonly region: string;
  readonly accountId: string;
  readonly root: string;
  private readonly options: Required<Omit<LambdaServiceOptions, 'endpointUrl'>> & { endpointUrl?: string };
  private readonly layerStore: LayerStore;
  private readonly registry: FunctionRegistry;
  private readonly pool: EnvironmentPool;
  private readonly invoker: Invoker;
  private readonly asyncInvocations: AsyncInvocations;
  /** Recursion and asynchronous settings of each function (invoke/function-settings.ts). */
  private readonly settings: FunctionSettings;
  /** The local key service, started with the first environment; its URL goes to every function. */
  private kms?: Promise<{ url: string; close(): Promise<void> }>;
  private kmsEndpoint?: string;
  private closed = false;
  /** Deprecated runtimes whose notice this service has printed: each is told once. */
  private readonly deprecationsTold = new Set<string>();
  private readonly onProcessExit = () => this.killEverythingNow();
  private readonly records = new InvocationRecords({ listening: () => this.listenerCount('invocation') > 0, tell: (record) => this.emit('invocation', record) });

  constructor(options: LambdaServiceOptions = {}) {
    super();
    this.options = {
      region: options.region ?? 'us-east-1',
      accountId: options.accountId ?? '123456789012',
      maxEnvironments: options.maxEnvironments ?? 10,
      idleTimeoutMs: options.idleTimeoutMs ?? 5 * 60_000,
      initLimitMs: options.initLimitMs ?? lambdaInitLimitMs,
      asyncRetryDelaysMs: options.asyncRetryDelaysMs ?? [60_000, 120_000],
      buildCacheDir: options.buildCacheDir ?? process.env.LAMBDA_DOJO_BUILD_CACHE ?? join(homedir(), '.cache', 'lambda-dojo', 'builds'),
      keyFile: options.keyFile ?? defaultKeyFile(),
      ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
    };
    this.region = this.options.region;
    this.accountId = this.options.accountId;
    // With mount namespaces, sandboxes live outside /tmp so that /tmp can be the function's own.
    const parent = mountNamespacesAvailable() && existsSync('/var/tmp') ? '/var/tmp' : tmpdir();
    for (const folder of new Set([parent, tmpdir()])) sweepAbandonedSandboxes(folder);
    this.root = mkdtempSync(join(parent, 'lambda-dojo-'));
    writeOwnerFile(this.root);
    this.layerStore = new LayerStore(this.root, (name) => `arn:aws:lambda:${this.region}:${this.accountId}:layer:${name}`);
    this.registry = new FunctionRegistry({ region: this.region, accountId: this.accountId, root: this.root, buildCacheDir: this.options.buildCacheDir, layers: this.layerStore });
    this.settings = new FunctionSettings(this.registry);
    this.pool = new EnvironmentPool({
      root: this.root,
      maxEnvironments: this.options.maxEnvironments,
      idleTimeoutMs: this.options.idleTimeoutMs,
      specFor: (version, id) =>
        environmentSpecFor(version, id, {
          region: this.region,
          root: this.root,
          buildCacheDir: this.options.buildCacheDir,
          ...(this.options.endpointUrl ? { endpointUrl: this.options.endpointUrl } : {}),
          kmsEndpoint: () => this.kmsEndpoint,
          onOutput: (version, environmentId, line, environment) => {
            this.invoker.functionLine(environment, line.text);
            this.emitLog(version, environmentId, 'function', line.text, line.requestId);
          },
        }),
    });
    const isLive = (version: FunctionVersion) => this.registry.isLive(version);
    this.invoker = new Invoker({
      pool: this.pool,
      initLimitMs: this.options.initLimitMs,
      // Behind an endpoint, the endpoint serves KMS; alone, the service starts its own key service.
      beforeColdStart: () => (this.options.endpointUrl ? Promise.resolve() : this.startKeyService()),
      platformLine: (version, environment, message, requestId) => this.emitLog(version, environment.spec.id, 'platform', message, requestId),
      isLive,
      coldStartNotes: (version) => coldStartNotes(version.runtime, version.toolchain, this.deprecationsTold),
      region: this.region,
    });
    this.asyncInvocations = new AsyncInvocations({
      run: (input) => this.runRecorded(input, 'Event'),
      retryDelaysMs: this.options.asyncRetryDelaysMs,
      isLive,
      settingsFor: (input) => this.settings.asyncSettings(input),
      onResult: (result) => this.emit('asyncResult', result),
    });
    process.once('exit', this.onProcessExit);
  }

  /** The local AWS endpoint in front of this service, when there is one (functions get it as AWS_ENDPOINT_URL). */
  get endpointUrl(): string | undefined {
    return this.options.endpointUrl;
  }

  functionArn(name: string, qualifier?: string): string {
    return this.registry.functionArn(name, qualifier);
  }

  /** Creates a function; `hooks.accepted` hears when the checks passed and the build starts. */
  async createFunction(input: FunctionConfigurationInput, hooks: DeploymentHooks = {}): Promise<FunctionConfiguration> {
    this.assertOpen();
    return structuredClone((await this.registry.create(input, hooks.accepted)).config);
  }

  /**
   * The configuration of $LATEST, or of a published version or alias when a qualifier is given.
   * The name may be an ARN or name:qualifier, as Lambda's API takes it (an authorizer's FunctionArn).
   */
  getFunctionConfiguration(nameOrArn: string, qualifier?: string): FunctionConfiguration {
    const { name, qualifier: q } = this.registry.parseFunctionName(nameOrArn, qualifier);
    return structuredClone(this.registry.resolve(name, q).version.config);
  }

  listFunctions(): FunctionConfiguration[] {
    return this.registry.latestVersions().map((v) => structuredClone(v.config));
  }

  async updateFunctionCode(name: string, code: { Directory: string }, hooks: DeploymentHooks = {}): Promise<FunctionConfiguration> {
    const latest = await this.registry.updateCode(name, code, hooks.accepted);
    await this.pool.retire(latest);
    await this.pool.pruneSpares(this.registry.allVersions());
    return structuredClone(latest.config);
  }

  async updateFunctionConfiguration(name: string, changes: ConfigurationChanges, hooks: DeploymentHooks = {}): Promise<FunctionConfiguration> {
    const latest = await this.registry.updateConfiguration(name, changes, hooks.accepted);
    // New configuration, new environments: the old ones were started with the old settings.
    await this.pool.retire(latest);
    await this.pool.pruneSpares(this.registry.allVersions());
    return structuredClone(latest.config);
  }

  /** Deletes the function, or with a qualifier one published version of it. */
  async deleteFunction(name: string, qualifier?: string): Promise<void> {
    const versions = qualifier === undefined ? this.registry.delete(name) : [this.registry.deleteVersion(name, qualifier)];
    this.settings.forget(versions[0]?.config.FunctionName ?? name, qualifier);
    await Promise.all(versions.map((v) => this.pool.retire(v)));
    await this.pool.pruneSpares(this.registry.allVersions());
  }

  /** Publishes an immutable layer version from a .zip file or a folder. */
  publishLayerVersion(input: PublishLayerVersionInput): LayerVersion {
    this.assertOpen();
    return this.layerStore.publish(input, runtimeIds());
  }

  listLayerVersions(layerName: string): LayerVersion[] {
    return this.layerStore.listVersions(layerName);
  }

  /** The latest version of every layer (ListLayers). */
  listLayers(): LayerVersion[] {
    return this.layerStore.latestVersions();
  }

  async publishVersion(name: string, options: { Description?: string } = {}): Promise<FunctionConfiguration> {
    return this.registry.publishVersion(name, options);
  }

  listVersionsByFunction(name: string): FunctionConfiguration[] {
    return this.registry.versions(name).map((v) => structuredClone(v.config));
  }

  createAlias(name: string, input: AliasInput): AliasConfiguration {
    return this.registry.createAlias(name, input);
  }

  updateAlias(name: string, aliasName: string, changes: Partial<Omit<AliasInput, 'Name'>>): AliasConfiguration {
    return this.registry.updateAlias(name, aliasName, changes);
  }

  getAlias(name: string, aliasName: string): AliasConfiguration {
    return this.registry.getAlias(name, aliasName);
  }

  /** The function's aliases, by name; with `functionVersion`, only those pointing at it. */
  listAliases(name: string, functionVersion?: string): AliasConfiguration[] {
    return this.registry.listAliases(name).filter((a) => functionVersion === undefined || a.FunctionVersion === functionVersion);
  }

  deleteAlias(name: string, aliasName: string): void {
    this.registry.deleteAlias(name, aliasName);
  }

  /** PutFunctionRecursionConfig: Terminate (the default) stops a recursive loop after 16 invocations; Allow lets it run. */
  putFunctionRecursionConfig(name: string, recursiveLoop: string): { RecursiveLoop: RecursiveLoop } {
    return this.settings.putRecursionConfig(name, recursiveLoop);
  }

  getFunctionRecursionConfig(name: string): { RecursiveLoop: RecursiveLoop } {
    return this.settings.getRecursionConfig(name);
  }

  /** Put (replace) and, with `merge`, UpdateFunctionEventInvokeConfig: retries, event age, destinations of asynchronous invocations. */
  putFunctionEventInvokeConfig(nameOrArn: string, qualifier: string | undefined, input: EventInvokeConfigInput, merge = false): FunctionEventInvokeConfig {
    return this.settings.putEventInvokeConfig(nameOrArn, qualifier, input, merge);
  }

  getFunctionEventInvokeConfig(nameOrArn: string, qualifier?: string): FunctionEventInvokeConfig {
    return this.settings.getEventInvokeConfig(nameOrArn, qualifier);
  }

  deleteFunctionEventInvokeConfig(nameOrArn: string, qualifier?: string): void {
    this.settings.deleteEventInvokeConfig(nameOrArn, qualifier);
  }

  listFunctionEventInvokeConfigs(nameOrArn: string): FunctionEventInvokeConfig[] {
    return this.settings.listEventInvokeConfigs(nameOrArn);
  }

  async invoke(input: InvokeInput): Promise<InvokeOutput> {
    return this.invokeFunction(input);
  }

  private async invokeFunction(input: InvokeInput, onChunk?: (chunk: Buffer) => void): Promise<InvokeOutput> {
    this.assertOpen();
    const { name, qualifier } = this.registry.parseFunctionName(input.FunctionName, input.Qualifier);
    const { version, invokedFunctionArn } = this.registry.resolve(name, qualifier);
    const type = input.InvocationType ?? 'RequestResponse';
    if (!['RequestResponse', 'Event', 'DryRun'].includes(type)) {
      throw new LambdaServiceError('InvalidParameterValueException', `InvocationType '${type}' is not valid: use RequestResponse, Event or DryRun.`);
    }
    const payload = encodePayload(input.Payload);
    const max = type === 'Event' ? limits.asyncPayload.max : limits.syncPayload.max;
    if (payload.length > max) {
      throw new LambdaServiceError(
        'RequestTooLargeException',
        `Request must be smaller than ${max} bytes for the InvokeFunction operation. This ${type} payload has ${payload.length} bytes.`,
      );
    }
    const requestId = randomUUID();
    const executed = version.config.Version;
    const empty: InvocationReport = {
      requestId,
      durationMs: 0,
      billedDurationMs: 0,
      memorySizeMB: version.config.MemorySize,
      maxMemoryUsedMB: 0,
      status: 'success',
      environmentId: '',
      coldStart: false,
    };
    if (type === 'DryRun') return { StatusCode: 204, Payload: Buffer.alloc(0), ExecutedVersion: executed, RequestId: requestId, Logs: [], Report: empty };
    const admission = this.settings.recursion.admit(version.config.FunctionName, invokedFunctionArn, input.TraceHeader);
    if (admission.kind === 'stop') {
      this.emit('recursiveInvocationDropped', { functionName: version.config.FunctionName, requestId, invocationType: type, invocation: admission.hop.invocation, timestamp: Date.now() });
      if (type === 'RequestResponse') throw new LambdaServiceError('RecursiveInvocationException', admission.message);
      // An event is accepted, then dropped to where failed events go (DLQ, on-failure destination).
      this.asyncInvocations.drop({ version, payload, requestId, invokedFunctionArn }, { errorType: 'RecursiveInvocationException', errorMessage: admission.message });
      return { StatusCode: 202, Payload: Buffer.alloc(0), ExecutedVersion: executed, RequestId: requestId, Logs: [], Report: empty };
    }
    const invocation = {
      version,
      payload,
      requestId,
      invokedFunctionArn,
      traceHeader: admission.hop.traceHeader,
      ...(input.ClientContext ? { clientContext: input.ClientContext } : {}),
      ...(onChunk ? { onChunk } : {}),
    };
    if (type === 'Event') {
      this.asyncInvocations.start(invocation);
      return { StatusCode: 202, Payload: Buffer.alloc(0), ExecutedVersion: executed, RequestId: requestId, Logs: [], Report: empty };
    }
    const output = await this.runRecorded(invocation, 'RequestResponse');
    if (input.LogType === 'Tail') output.LogResult = tail(output.Logs);
    return output;
  }

  /**
   * InvokeWithResponseStream: a function that streams (awslambda.streamifyResponse) has its
   * chunks handed to `onChunk` as they arrive, up to the 200 MB streamed quota; any other
   * function's answer comes as one chunk when it is done, as Lambda sends it.
   * Source: https://docs.aws.amazon.com/lambda/latest/dg/API_InvokeWithResponseStream.html
   */
  async invokeWithResponseStream(input: Omit<InvokeInput, 'InvocationType'> & { InvocationType?: 'RequestResponse' | 'DryRun'; onChunk: (chunk: Buffer) => void }): Promise<InvokeOutput> {
    const { onChunk, ...rest } = input;
    if (rest.InvocationType === 'DryRun') return this.invoke(rest);
    const output = await this.invokeFunction({ ...rest, InvocationType: 'RequestResponse' }, onChunk);
    if (output.ResponseStreamContentType === undefined && !output.FunctionError && output.Payload.length > 0) onChunk(output.Payload);
    return output;
  }

  /** Runs one invocation and tells 'invocation' listeners what ran (or that it was throttled). */
  private runRecorded(input: InvocationInput, invocationType: InvocationRecord['invocationType']): Promise<InvokeOutput> {
    return this.records.run(input, invocationType, (i) => this.invoker.run(i));
  }

  /** Stops every environment and removes every folder the service made. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Environments first (and no new ones), so invocations under way end now; then the async
    // ones they were part of.
    await this.pool.shutdown();
    await this.asyncInvocations.close();
    await this.pool.shutdown();
    await (await this.kms)?.close();
    rmSync(this.root, { recursive: true, force: true });
    process.off('exit', this.onProcessExit);
  }

  /** Environments alive now, for tests and the CLI: one per warm or busy sandbox. */
  environmentPids(): number[] {
    return this.pool.pids();
  }

  private emitLog(version: FunctionVersion, environmentId: string, stream: LogEvent['stream'], message: string, requestId?: string): void {
    if (this.listenerCount('log') === 0) return; // nobody reads log events: no need to make them
    this.emit('log', { functionName: version.config.FunctionName, environmentId, stream, message, timestamp: Date.now(), ...(requestId ? { requestId } : {}) });
  }

  private async startKeyService(): Promise<void> {
    this.kms ??= new KeyService(this.options.keyFile, this.region, this.accountId).listen();
    this.kmsEndpoint = (await this.kms).url;
  }

  private assertOpen(): void {
    if (this.closed) throw new LambdaServiceError('ServiceException', 'The Lambda service has been shut down.');
  }

  /** Last resort when the host process exits without calling shutdown(). */
  private killEverythingNow(): void {
    this.pool.killNow();
    rmSync(this.root, { recursive: true, force: true });
  }
}

// The runtime's public entry: besides the service, what its clients outside src/runtime (the
// grader's embedded target and deployer, the CLI) may use. Everything else here is internal;
// test/grader/layering.test.ts holds the grader and the labs to that.
export { zipFolder } from './registry/zip.ts';
export { KeyService } from './key-service.ts';
export { listenLoopback, type LoopbackListener } from './http/loopback.ts';
export { placeholderCredentials } from './environments/variables.ts';
export { copyTree } from './registry/code-snapshot.ts';
export { buildInCache, defaultBuildCacheDir } from './registry/build-cache.ts';
export { currentRuntimes, findRuntime, versionMatches, type RuntimeDefinition, type Toolchain } from './runtimes/registry.ts';
