// The embedded Lambda service: functions, their execution environments and invoke.
// Programmatic API in Lambda's own names (createFunction, invoke, ...), used by the CLI,
// the grader and the site. It knows nothing of labs.

import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAliasName, checkAliasTarget, chooseVersion, type AliasConfiguration, type AliasInput } from './registry/aliases.ts';
import { buildOnce } from './registry/build-cache.ts';
import { snapshotCode } from './registry/code-snapshot.ts';
import { checkEnvironment, checkFunctionName, checkHandler, checkRuntime, checkWholeNumberInRange } from './registry/configuration.ts';
import { ExecutionEnvironment, initLimitMs as lambdaInitLimitMs, newEnvironmentId } from './environments/environment.ts';
import { LambdaServiceError } from './errors.ts';
import { interpret } from './invoke/invocation-result.ts';
import { encodePayload, parseError, tail, traceHeader } from './invoke/invoke-payload.ts';
import { defaultKeyFile, KeyService } from './key-service.ts';
import { layerSearchPaths } from './registry/layer-paths.ts';
import { LayerStore, type StoredLayer } from './registry/layers.ts';
import { limits } from './limits.ts';
import { mountNamespacesAvailable } from './host/mount-namespace.ts';
import { billedDuration, endLine, exitedMessage, initReportLine, reportLine, startLine, timedOutMessage } from './invoke/platform-log.ts';
import { findRuntime, runtimeIds, versionMatches, type RuntimeDefinition, type Toolchain } from './runtimes/registry.ts';
import { Sandbox } from './environments/sandbox.ts';
import { sweepAbandonedSandboxes, writeOwnerFile } from './host/sandbox-sweep.ts';
import type { LayerVersion, PublishLayerVersionInput, FunctionConfiguration, FunctionConfigurationInput, InvocationReport, InvokeInput, InvokeOutput, LogEvent } from './types.ts';

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
}

/** One version of a function ($LATEST or a published number): what runs, and its environments. */
interface FunctionVersion {
  config: FunctionConfiguration;
  /** The code as deployed. */
  code: string;
  /** What environments run: the code itself, or its build for compiled languages. */
  artifact: string;
  runtime: RuntimeDefinition;
  toolchain: Toolchain;
  layers: StoredLayer[];
  environments: Set<ExecutionEnvironment>;
}

interface FunctionRecord {
  latest: FunctionVersion;
  /** Published versions by number: immutable snapshots of $LATEST. */
  published: Map<string, FunctionVersion>;
  aliases: Map<string, AliasConfiguration>;
  nextVersion: number;
}

type ServiceEvents = {
  log: [LogEvent];
  /** An asynchronous invocation failed after its retries. */
  asyncFailure: [{ functionName: string; requestId: string; payload: string }];
};

const MiB = 1024 * 1024;

export class LambdaService extends EventEmitter<ServiceEvents> {
  readonly region: string;
  readonly accountId: string;
  readonly root: string;
  private readonly options: Required<LambdaServiceOptions>;
  private readonly functions = new Map<string, FunctionRecord>();
  private readonly invocationLogs = new Map<ExecutionEnvironment, string[]>();
  /** One prepared sandbox per deployed package (code and layers), ready for the next cold start. */
  private readonly spares = new Map<string, Sandbox>();
  private readonly preparing = new Map<string, Promise<void>>();
  private readonly pendingAsync = new Set<NodeJS.Timeout>();
  private readonly asyncRuns = new Set<Promise<unknown>>();
  private readonly reaper: NodeJS.Timeout;
  private readonly layerStore: LayerStore;
  /** The local key service, started with the first environment; its URL goes to every function. */
  private kms?: Promise<{ url: string; close(): Promise<void> }>;
  private kmsEndpoint?: string;
  private codeRevision = 0;
  private closed = false;
  private readonly onProcessExit = () => this.killEverythingNow();

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
    };
    this.region = this.options.region;
    this.accountId = this.options.accountId;
    // With mount namespaces, sandboxes live outside /tmp so that /tmp can be the function's own.
    const parent = mountNamespacesAvailable() && existsSync('/var/tmp') ? '/var/tmp' : tmpdir();
    for (const folder of new Set([parent, tmpdir()])) sweepAbandonedSandboxes(folder);
    this.root = mkdtempSync(join(parent, 'lambda-dojo-'));
    writeOwnerFile(this.root);
    this.layerStore = new LayerStore(this.root, (name) => `arn:aws:lambda:${this.region}:${this.accountId}:layer:${name}`);
    const every = Math.max(50, Math.min(this.options.idleTimeoutMs / 2, 30_000));
    this.reaper = setInterval(() => void this.reapIdle(), every);
    this.reaper.unref();
    process.once('exit', this.onProcessExit);
  }

  functionArn(name: string, qualifier?: string): string {
    return `arn:aws:lambda:${this.region}:${this.accountId}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
  }

  async createFunction(input: FunctionConfigurationInput): Promise<FunctionConfiguration> {
    this.assertOpen();
    const name = checkFunctionName(input.FunctionName);
    if (this.functions.has(name)) {
      throw new LambdaServiceError('ResourceConflictException', `Function already exist: ${name}. Delete it first, or use updateFunctionCode / updateFunctionConfiguration.`);
    }
    const { config, runtime, toolchain, layers } = await this.resolveConfiguration({ ...input, FunctionName: name }, undefined);
    const snapshot = snapshotCode(input.Code?.Directory, this.newCodeFolder(name));
    let artifact: string;
    try {
      checkTotalSize(snapshot.size, layers);
      artifact = await buildOnce(this.options.buildCacheDir, runtime, toolchain, snapshot.directory, snapshot.sha256, config.Handler, layers);
    } catch (error) {
      rmSync(snapshot.directory, { recursive: true, force: true });
      throw error;
    }
    const latest: FunctionVersion = {
      config: { ...config, CodeSha256: snapshot.sha256, CodeSize: snapshot.size },
      code: snapshot.directory,
      artifact,
      runtime,
      toolchain,
      layers,
      environments: new Set(),
    };
    this.functions.set(name, { latest, published: new Map(), aliases: new Map(), nextVersion: 1 });
    return structuredClone(latest.config);
  }

  /** The configuration of $LATEST, or of a published version or alias when a qualifier is given. */
  getFunctionConfiguration(name: string, qualifier?: string): FunctionConfiguration {
    return structuredClone(this.resolve(name, qualifier).version.config);
  }

  listFunctions(): FunctionConfiguration[] {
    return [...this.functions.values()].map((r) => structuredClone(r.latest.config));
  }

  async updateFunctionCode(name: string, code: { Directory: string }): Promise<FunctionConfiguration> {
    const latest = this.record(name).latest;
    const snapshot = snapshotCode(code?.Directory, this.newCodeFolder(name));
    try {
      checkTotalSize(snapshot.size, latest.layers);
      latest.artifact = await buildOnce(this.options.buildCacheDir, latest.runtime, latest.toolchain, snapshot.directory, snapshot.sha256, latest.config.Handler, latest.layers);
    } catch (error) {
      rmSync(snapshot.directory, { recursive: true, force: true });
      throw error;
    }
    const old = latest.code;
    latest.code = snapshot.directory;
    Object.assign(latest.config, { CodeSha256: snapshot.sha256, CodeSize: snapshot.size, LastModified: new Date().toISOString() });
    await this.retireEnvironments(latest);
    this.removeCodeUnlessPublished(name, old);
    await this.pruneSpares();
    return structuredClone(latest.config);
  }

  async updateFunctionConfiguration(name: string, changes: Partial<Omit<FunctionConfigurationInput, 'FunctionName' | 'Code'>>): Promise<FunctionConfiguration> {
    const latest = this.record(name).latest;
    const merged = {
      FunctionName: name,
      Runtime: changes.Runtime ?? latest.config.Runtime,
      Handler: changes.Handler ?? latest.config.Handler,
      MemorySize: changes.MemorySize ?? latest.config.MemorySize,
      Timeout: changes.Timeout ?? latest.config.Timeout,
      Environment: changes.Environment ?? latest.config.Environment,
      EphemeralStorage: changes.EphemeralStorage ?? latest.config.EphemeralStorage,
      Description: changes.Description ?? latest.config.Description,
      Layers: changes.Layers ?? latest.config.Layers.map((l) => l.Arn),
    };
    const { config, runtime, toolchain, layers } = await this.resolveConfiguration(merged, latest.config);
    checkTotalSize(latest.config.CodeSize, layers);
    const sameLayers = layers.map((l) => l.info.LayerVersionArn).join() === latest.layers.map((l) => l.info.LayerVersionArn).join();
    const artifact = runtime === latest.runtime && sameLayers ? latest.artifact : await buildOnce(this.options.buildCacheDir, runtime, toolchain, latest.code, latest.config.CodeSha256, config.Handler, layers);
    Object.assign(latest, { runtime, toolchain, artifact, layers });
    latest.config = { ...config, CodeSha256: latest.config.CodeSha256, CodeSize: latest.config.CodeSize };
    // New configuration, new environments: the old ones were started with the old settings.
    await this.retireEnvironments(latest);
    await this.pruneSpares();
    return structuredClone(latest.config);
  }

  async deleteFunction(name: string): Promise<void> {
    const record = this.record(name);
    this.functions.delete(name);
    const versions = [record.latest, ...record.published.values()];
    await Promise.all(versions.map((v) => this.retireEnvironments(v)));
    await this.pruneSpares();
    for (const code of new Set(versions.map((v) => v.code))) rmSync(code, { recursive: true, force: true });
  }

  /** Publishes an immutable layer version from a .zip file or a folder. */
  publishLayerVersion(input: PublishLayerVersionInput): LayerVersion {
    this.assertOpen();
    return this.layerStore.publish(input, runtimeIds());
  }

  listLayerVersions(layerName: string): LayerVersion[] {
    return this.layerStore.listVersions(layerName);
  }

  /**
   * Snapshots $LATEST's code and configuration as the next numbered version, which never
   * changes again. Publishing with nothing changed since the last version returns that version.
   */
  async publishVersion(name: string, options: { Description?: string } = {}): Promise<FunctionConfiguration> {
    const record = this.record(name);
    const latest = record.latest;
    const previous = [...record.published.values()].at(-1);
    if (previous && sameDeployment(previous.config, latest.config)) return structuredClone(previous.config);
    const number = String(record.nextVersion++);
    const config: FunctionConfiguration = {
      ...structuredClone(latest.config),
      Version: number,
      FunctionArn: this.functionArn(name, number),
      Description: options.Description ?? latest.config.Description,
    };
    record.published.set(number, { ...latest, config, environments: new Set() });
    return structuredClone(config);
  }

  listVersionsByFunction(name: string): FunctionConfiguration[] {
    const record = this.record(name);
    return [record.latest, ...record.published.values()].map((v) => structuredClone(v.config));
  }

  createAlias(name: string, input: AliasInput): AliasConfiguration {
    const record = this.record(name);
    const aliasName = checkAliasName(input.Name);
    if (record.aliases.has(aliasName)) {
      throw new LambdaServiceError('ResourceConflictException', `Alias already exists: ${this.functionArn(name, aliasName)}. Use updateAlias to move it.`);
    }
    checkAliasTarget(input, (v) => v === '$LATEST' || record.published.has(v), this.functionArn(name));
    const alias: AliasConfiguration = {
      AliasArn: this.functionArn(name, aliasName),
      Name: aliasName,
      FunctionVersion: input.FunctionVersion,
      Description: input.Description ?? '',
      ...(input.RoutingConfig ? { RoutingConfig: structuredClone(input.RoutingConfig) } : {}),
    };
    record.aliases.set(aliasName, alias);
    return structuredClone(alias);
  }

  updateAlias(name: string, aliasName: string, changes: Partial<Omit<AliasInput, 'Name'>>): AliasConfiguration {
    const record = this.record(name);
    const alias = this.alias(record, name, aliasName);
    const next = { ...alias, ...changes };
    checkAliasTarget(next, (v) => v === '$LATEST' || record.published.has(v), this.functionArn(name));
    record.aliases.set(aliasName, next);
    return structuredClone(next);
  }

  getAlias(name: string, aliasName: string): AliasConfiguration {
    return structuredClone(this.alias(this.record(name), name, aliasName));
  }

  deleteAlias(name: string, aliasName: string): void {
    const record = this.record(name);
    this.alias(record, name, aliasName);
    record.aliases.delete(aliasName);
  }

  async invoke(input: InvokeInput): Promise<InvokeOutput> {
    this.assertOpen();
    const { name, qualifier } = this.parseFunctionName(input.FunctionName, input.Qualifier);
    const { version, invokedFunctionArn } = this.resolve(name, qualifier);
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
    if (type === 'DryRun') {
      return { StatusCode: 204, Payload: '', ExecutedVersion: executed, RequestId: requestId, Logs: [], Report: empty };
    }
    if (type === 'Event') {
      this.runAsync(version, payload, requestId, invokedFunctionArn, 0);
      return { StatusCode: 202, Payload: '', ExecutedVersion: executed, RequestId: requestId, Logs: [], Report: empty };
    }
    const output = await this.run(version, payload, requestId, invokedFunctionArn, input.ClientContext);
    if (input.LogType === 'Tail') output.LogResult = tail(output.Logs);
    return output;
  }

  /** Stops every environment and removes every folder the service made. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.reaper);
    for (const timer of this.pendingAsync) clearTimeout(timer);
    this.pendingAsync.clear();
    await Promise.all(this.allVersions().map((version) => this.retireEnvironments(version)));
    await Promise.allSettled([...this.asyncRuns]);
    await Promise.all(this.allVersions().map((version) => this.retireEnvironments(version)));
    await Promise.allSettled([...this.preparing.values()]);
    await Promise.all([...this.spares.values()].map((box) => box.dispose()));
    this.spares.clear();
    await (await this.kms)?.close();
    rmSync(this.root, { recursive: true, force: true });
    process.off('exit', this.onProcessExit);
  }

  /** Environments alive now, for tests and the CLI: one per warm or busy sandbox. */
  environmentPids(): number[] {
    return this.allVersions().flatMap((v) => [...v.environments].map((e) => e.pid).filter((p): p is number => p !== undefined));
  }

  private prepareSpare(record: FunctionVersion): void {
    const key = packageKey(record);
    if (this.closed || this.spares.has(key) || this.preparing.has(key)) return;
    const work = Sandbox.prepare(this.root, newEnvironmentId(), record.artifact, record.layers.map((l) => l.folder))
      .then(async (box) => {
        const wanted = !this.closed && !this.spares.has(key) && this.allVersions().some((v) => packageKey(v) === key);
        if (wanted) this.spares.set(key, box);
        else await box.dispose();
      })
      .catch(() => undefined) // a spare is an optimisation: without one, the cold start prepares its own
      .finally(() => this.preparing.delete(key));
    this.preparing.set(key, work);
  }

  /** Spares for packages no version runs any more (new code, new layers, a deleted function) go. */
  private async pruneSpares(): Promise<void> {
    const live = new Set(this.allVersions().map(packageKey));
    await Promise.all(
      [...this.spares].filter(([key]) => !live.has(key)).map(([key, box]) => {
        this.spares.delete(key);
        return box.dispose();
      }),
    );
  }

  private async startKeyService(): Promise<void> {
    this.kms ??= new KeyService(this.options.keyFile, this.region, this.accountId).listen();
    this.kmsEndpoint = (await this.kms).url;
  }

  private allVersions(): FunctionVersion[] {
    return [...this.functions.values()].flatMap((r) => [r.latest, ...r.published.values()]);
  }

  /** Which version a (qualified) name runs, and the ARN the function sees as invokedFunctionArn. */
  private resolve(name: string, qualifier: string | undefined): { version: FunctionVersion; invokedFunctionArn: string } {
    const record = this.record(name);
    if (qualifier === undefined) return { version: record.latest, invokedFunctionArn: this.functionArn(name) };
    const invokedFunctionArn = this.functionArn(name, qualifier);
    if (qualifier === '$LATEST') return { version: record.latest, invokedFunctionArn };
    const published = record.published.get(qualifier);
    if (published) return { version: published, invokedFunctionArn };
    const alias = record.aliases.get(qualifier);
    if (alias) {
      const chosen = chooseVersion(alias);
      return { version: chosen === '$LATEST' ? record.latest : record.published.get(chosen)!, invokedFunctionArn };
    }
    const known = [...record.published.keys(), ...record.aliases.keys()];
    throw new LambdaServiceError(
      'ResourceNotFoundException',
      `Function not found: ${invokedFunctionArn}. ${name} has $LATEST${known.length ? `, ${known.join(', ')}` : ''}; publish a version or create an alias first.`,
    );
  }

  private alias(record: FunctionRecord, name: string, aliasName: string): AliasConfiguration {
    const alias = record.aliases.get(aliasName);
    if (!alias) throw new LambdaServiceError('ResourceNotFoundException', `Alias not found: ${this.functionArn(name, aliasName)}.`);
    return alias;
  }

  /** $LATEST's old code goes when nothing published still runs it. */
  private removeCodeUnlessPublished(name: string, code: string): void {
    const record = this.functions.get(name);
    if (record && [...record.published.values()].some((v) => v.code === code)) return;
    rmSync(code, { recursive: true, force: true });
  }

  private async run(record: FunctionVersion, payload: Buffer, requestId: string, invokedFunctionArn: string, clientContext?: string, retried = false): Promise<InvokeOutput> {
    const config = record.config;
    const logs: string[] = [];
    const version = config.Version;
    let environment = this.takeWarmEnvironment(record);
    if (!environment) await this.startKeyService();
    let initDurationMs: number | undefined;
    let timeoutMs = config.Timeout * 1000;

    if (!environment) {
      environment = this.newEnvironment(record, logs);
      let init = await environment.init(this.options.initLimitMs);
      initDurationMs = environment.initDurationMs;
      if (init.kind === 'timeout') {
        // Lambda retries a timed-out init once inside the invoke phase, bounded by the function timeout.
        this.platform(record, environment, logs, initReportLine(initDurationMs, 'init', 'timeout'));
        this.forget(record, environment);
        environment = this.newEnvironment(record, logs);
        init = await environment.init(timeoutMs);
        initDurationMs = environment.initDurationMs;
        if (init.kind === 'timeout') {
          this.platform(record, environment, logs, initReportLine(initDurationMs, 'invoke', 'timeout'));
          return this.failedBeforeInvoke(record, environment, logs, requestId, version, initDurationMs, 'timeout', 'Sandbox.Timedout', timedOutMessage(requestId, timeoutMs));
        }
        timeoutMs = Math.max(1, timeoutMs - initDurationMs);
      }
      if (init.kind === 'out-of-memory') {
        const errorType = 'Runtime.OutOfMemory';
        this.platform(record, environment, logs, initReportLine(initDurationMs, 'init', 'error', errorType));
        environment.peakMemoryBytes = Math.max(environment.peakMemoryBytes, config.MemorySize * MiB);
        return this.failedBeforeInvoke(record, environment, logs, requestId, version, initDurationMs, 'error', errorType, exitedMessage(requestId, 'signal: killed'));
      }
      if (init.kind === 'invalid-entrypoint') {
        const errorType = 'Runtime.InvalidEntrypoint';
        this.platform(record, environment, logs, initReportLine(initDurationMs, 'init', 'error', errorType));
        return this.failedBeforeInvoke(record, environment, logs, requestId, version, initDurationMs, 'error', errorType, `RequestId: ${requestId} Error: ${init.message}`);
      }
      if (init.kind === 'init-error' || init.kind === 'exit') {
        const body = init.kind === 'init-error' ? init.payload.toString('utf8') : undefined;
        const errorType = init.kind === 'init-error' ? (init.errorType ?? parseError(init.payload)?.errorType ?? 'Runtime.Unknown') : 'Runtime.ExitError';
        const message = exitedMessage(requestId, init.kind === 'exit' ? init.reason : 'exit status 1');
        this.platform(record, environment, logs, initReportLine(initDurationMs, 'init', 'error', errorType));
        return this.failedBeforeInvoke(record, environment, logs, requestId, version, initDurationMs, 'error', errorType, message, body);
      }
    }

    this.invocationLogs.set(environment, logs);
    const started = performance.now();
    const chosen = environment;
    const outcome = await environment.invoke({
      requestId,
      payload,
      timeoutMs,
      invokedFunctionArn,
      traceId: traceHeader(),
      ...(clientContext ? { clientContext: Buffer.from(clientContext, 'base64').toString('utf8') } : {}),
      onDispatch: () => this.platform(record, chosen, logs, startLine(requestId, version), requestId),
    });
    if (outcome.kind === 'exit' && !outcome.dispatched && !retried) {
      // The warm runtime died between invocations (after answering the last one): this event
      // never reached it, so it goes to a fresh environment, as Lambda would route it.
      this.forget(record, environment);
      return this.run(record, payload, requestId, invokedFunctionArn, clientContext, true);
    }
    if (outcome.kind === 'exit' && !outcome.dispatched) this.platform(record, environment, logs, startLine(requestId, version), requestId);
    const durationMs = outcome.kind === 'timeout' ? Math.max(performance.now() - started, outcome.elapsedMs) : performance.now() - started;
    const result = interpret(outcome, requestId);
    if (outcome.kind === 'timeout') this.platform(record, environment, logs, timedOutMessage(requestId, outcome.elapsedMs), requestId);
    if (environment.isDead) this.forget(record, environment);

    const report: InvocationReport = {
      requestId,
      durationMs,
      billedDurationMs: billedDuration(durationMs, initDurationMs),
      memorySizeMB: config.MemorySize,
      maxMemoryUsedMB: Math.max(
        Math.ceil(environment.peakMemoryBytes / MiB),
        outcome.kind === 'out-of-memory' ? config.MemorySize : 0,
      ),
      ...(initDurationMs !== undefined ? { initDurationMs } : {}),
      status: result.status,
      ...(result.reportErrorType ? { errorType: result.reportErrorType } : {}),
      environmentId: environment.spec.id,
      coldStart: initDurationMs !== undefined,
    };
    this.platform(record, environment, logs, endLine(requestId), requestId);
    this.platform(record, environment, logs, reportLine(report), requestId);
    this.invocationLogs.delete(environment);
    // The next cold start's sandbox is copied once this one has answered, off the caller's path.
    if (report.coldStart) setImmediate(() => this.prepareSpare(record));
    return {
      StatusCode: 200,
      ...(result.functionError ? { FunctionError: 'Unhandled' as const } : {}),
      Payload: result.payload,
      ExecutedVersion: version,
      RequestId: requestId,
      Logs: logs,
      Report: report,
    };
  }

  /** START/END/REPORT for an invocation whose environment never became ready. */
  private failedBeforeInvoke(
    record: FunctionVersion,
    environment: ExecutionEnvironment,
    logs: string[],
    requestId: string,
    version: string,
    initDurationMs: number,
    status: 'error' | 'timeout',
    errorType: string,
    message: string,
    body?: string,
  ): InvokeOutput {
    this.forget(record, environment);
    const report: InvocationReport = {
      requestId,
      durationMs: 0,
      billedDurationMs: billedDuration(0, initDurationMs),
      memorySizeMB: record.config.MemorySize,
      maxMemoryUsedMB: Math.ceil(environment.peakMemoryBytes / MiB),
      initDurationMs,
      status,
      errorType,
      environmentId: environment.spec.id,
      coldStart: true,
    };
    for (const line of [startLine(requestId, version), ...(status === 'timeout' ? [message] : []), endLine(requestId), reportLine(report)]) {
      this.platform(record, environment, logs, line, requestId);
    }
    return {
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: body ?? JSON.stringify({ errorType, errorMessage: message }),
      ExecutedVersion: version,
      RequestId: requestId,
      Logs: logs,
      Report: report,
    };
  }

  private runAsync(record: FunctionVersion, payload: Buffer, requestId: string, invokedFunctionArn: string, attempt: number): void {
    const execution = this.run(record, payload, requestId, invokedFunctionArn)
      .then((output) => {
        if (!output.FunctionError || this.closed) return;
        const delay = this.options.asyncRetryDelaysMs[attempt];
        if (delay === undefined) {
          this.emit('asyncFailure', { functionName: record.config.FunctionName, requestId, payload: output.Payload });
          return;
        }
        const timer = setTimeout(() => {
          this.pendingAsync.delete(timer);
          if (this.allVersions().includes(record)) this.runAsync(record, payload, requestId, invokedFunctionArn, attempt + 1);
        }, delay);
        this.pendingAsync.add(timer);
      })
      .catch((error: Error) => {
        this.emit('asyncFailure', { functionName: record.config.FunctionName, requestId, payload: JSON.stringify({ errorType: error.name, errorMessage: error.message }) });
      })
      .finally(() => this.asyncRuns.delete(execution));
    this.asyncRuns.add(execution);
  }

  private newEnvironment(record: FunctionVersion, logs: string[]): ExecutionEnvironment {
    this.makeRoomForEnvironment();
    const { config, runtime, toolchain } = record;
    const key = packageKey(record);
    const spare = this.spares.get(key);
    this.spares.delete(key);
    const id = spare?.id ?? newEnvironmentId();
    const environment: ExecutionEnvironment = new ExecutionEnvironment({
      id,
      functionName: config.FunctionName,
      version: config.Version,
      ...(runtime.family !== 'provided' ? { executionEnv: `AWS_Lambda_${runtime.id}` } : {}),
      handler: config.Handler,
      memorySize: config.MemorySize,
      variables: config.Environment.Variables,
      codeDirectory: record.artifact,
      layers: record.layers.map((l) => l.folder),
      layerPaths: (opt, runtimeDir) => layerSearchPaths(runtime.family, runtime.languageVersion, opt, process.env, runtimeDir),
      serviceVariables: { AWS_ENDPOINT_URL_KMS: this.kmsEndpoint ?? '' },
      isolate: mountNamespacesAvailable(),
      sandboxParent: this.root,
      logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[${config.Version}]${id}`,
      launch: (taskRoot) => runtime.launch(toolchain, taskRoot),
      onOutput: (line) => {
        const target = this.invocationLogs.get(environment);
        target?.push(line.text);
        this.emit('log', {
          functionName: config.FunctionName,
          environmentId: id,
          stream: line.stream,
          message: line.text,
          timestamp: Date.now(),
          ...(line.requestId ? { requestId: line.requestId } : {}),
        });
      },
    }, spare);
    record.environments.add(environment);
    this.invocationLogs.set(environment, logs);
    if (!versionMatches(runtime, toolchain)) {
      this.platform(
        record,
        environment,
        logs,
        `[lambda-dojo] ${runtime.id} asked for ${runtime.family} ${runtime.languageVersion}; this machine runs ${runtime.family} ${toolchain.version}, so the function runs on ${toolchain.version}.`,
      );
    }
    return environment;
  }

  /**
   * At the cap, the least recently used idle environment (of any function) gives way, as
   * Lambda reclaims idle capacity; only when every environment is busy is the call throttled.
   */
  private makeRoomForEnvironment(): void {
    const all = this.allVersions().flatMap((record) => [...record.environments].map((environment) => ({ record, environment })));
    if (all.length < this.options.maxEnvironments) return;
    const idle = all.filter((e) => e.environment.isIdle).sort((a, b) => a.environment.lastUsed - b.environment.lastUsed)[0];
    if (!idle) {
      throw new LambdaServiceError(
        'TooManyRequestsException',
        `Rate Exceeded. All ${all.length} execution environments are busy, the most this service runs at once (maxEnvironments ${this.options.maxEnvironments}). Wait for one to finish, or create the service with a higher maxEnvironments.`,
      );
    }
    this.forget(idle.record, idle.environment);
  }

  private takeWarmEnvironment(record: FunctionVersion): ExecutionEnvironment | undefined {
    // The most recently used idle environment, as Lambda tends to reuse the warmest one.
    let best: ExecutionEnvironment | undefined;
    for (const environment of record.environments) {
      if (environment.isIdle && (!best || environment.lastUsed > best.lastUsed)) best = environment;
    }
    return best;
  }

  private platform(record: FunctionVersion, environment: ExecutionEnvironment, logs: string[], message: string, requestId?: string): void {
    logs.push(message);
    this.emit('log', {
      functionName: record.config.FunctionName,
      environmentId: environment.spec.id,
      stream: 'platform',
      message,
      timestamp: Date.now(),
      ...(requestId ? { requestId } : {}),
    });
  }

  private forget(record: FunctionVersion, environment: ExecutionEnvironment): void {
    record.environments.delete(environment);
    this.invocationLogs.delete(environment);
    void environment.destroy();
  }

  private async retireEnvironments(record: FunctionVersion): Promise<void> {
    const all = [...record.environments];
    record.environments.clear();
    await Promise.all(all.map((e) => e.destroy()));
  }

  private async reapIdle(): Promise<void> {
    const now = Date.now();
    for (const record of this.allVersions()) {
      for (const environment of record.environments) {
        if (environment.isIdle && now - environment.lastUsed > this.options.idleTimeoutMs) this.forget(record, environment);
      }
    }
  }

  private async resolveConfiguration(input: Omit<FunctionConfigurationInput, 'Code'>, previous: FunctionConfiguration | undefined) {
    const runtimeId = checkRuntime(input.Runtime);
    const runtime = findRuntime(runtimeId)!;
    const toolchain = await runtime.detect();
    if (!toolchain) {
      throw new LambdaServiceError('InvalidParameterValueException', `The runtime ${runtimeId} needs ${runtime.family} on this machine, and it was not found. ${runtime.installHint}`);
    }
    const layers = this.layerStore.resolve(input.Layers);
    const config: FunctionConfiguration = {
      FunctionName: input.FunctionName,
      FunctionArn: this.functionArn(input.FunctionName),
      Runtime: runtimeId,
      Handler: checkHandler(input.Handler),
      MemorySize: checkWholeNumberInRange('memorySize', input.MemorySize ?? limits.memorySize.default, limits.memorySize),
      Timeout: checkWholeNumberInRange('timeout', input.Timeout ?? limits.timeout.default, limits.timeout),
      Environment: { Variables: checkEnvironment(input.Environment?.Variables) },
      EphemeralStorage: {
        Size: checkWholeNumberInRange('ephemeralStorage.size', input.EphemeralStorage?.Size ?? limits.ephemeralStorage.default, limits.ephemeralStorage),
      },
      Description: input.Description ?? '',
      Version: '$LATEST',
      LastModified: new Date().toISOString(),
      CodeSha256: previous?.CodeSha256 ?? '',
      CodeSize: previous?.CodeSize ?? 0,
      Layers: layers.map((l) => ({ Arn: l.info.LayerVersionArn, CodeSize: l.info.Content.CodeSize })),
    };
    return { config, runtime, toolchain, layers };
  }

  private parseFunctionName(value: string, qualifier?: string): { name: string; qualifier?: string } {
    // Accepts a name, "name:qualifier", or a full or partial ARN, as Invoke does.
    const arn = /^(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:)?([a-zA-Z0-9_-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/.exec(value ?? '');
    if (!arn) {
      throw new LambdaServiceError(
        'ValidationException',
        `1 validation error detected: Value '${value}' at 'functionName' failed to satisfy constraint: Member must be a function name, name:qualifier or a function ARN.`,
      );
    }
    const fromName = arn[2];
    if (fromName && qualifier && fromName !== qualifier) {
      throw new LambdaServiceError('InvalidParameterValueException', `The qualifier in the function name (${fromName}) and the Qualifier parameter (${qualifier}) differ: give one.`);
    }
    const q = fromName ?? qualifier;
    return { name: arn[1]!, ...(q ? { qualifier: q } : {}) };
  }

  private record(name: string): FunctionRecord {
    const record = this.functions.get(name);
    if (!record) throw new LambdaServiceError('ResourceNotFoundException', `Function not found: ${this.functionArn(name)}. Create it first.`);
    return record;
  }

  private newCodeFolder(name: string): string {
    const folder = join(this.root, 'code', `${name}-${++this.codeRevision}`);
    mkdirSync(join(this.root, 'code'), { recursive: true });
    return folder;
  }

  private assertOpen(): void {
    if (this.closed) throw new LambdaServiceError('ServiceException', 'The Lambda service has been shut down.');
  }

  /** Last resort when the host process exits without calling shutdown(). */
  private killEverythingNow(): void {
    for (const pid of this.environmentPids()) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** What a sandbox holds: the package (built code) and the layers, in order. */
function packageKey(version: FunctionVersion): string {
  return [version.artifact, ...version.layers.map((l) => l.folder)].join('\0');
}

/** Function code and its layers together may unzip to at most 250 MB. Source: gettingstarted-limits.html. */
function checkTotalSize(codeSize: number, layers: StoredLayer[]): void {
  const total = codeSize + layers.reduce((sum, l) => sum + l.info.Content.CodeSize, 0);
  const max = limits.unzippedCodeSize.max;
  if (total > max) {
    throw new LambdaServiceError(
      'InvalidParameterValueException',
      `Function code combined with layers exceeds the maximum allowed size of ${max} bytes. The actual size is ${total} bytes (code ${codeSize}, layers ${total - codeSize}). Drop a layer or trim the code.`,
    );
  }
}

/** Code and configuration as publishVersion compares them: same means no new version. */
function sameDeployment(a: FunctionConfiguration, b: FunctionConfiguration): boolean {
  const strip = ({ Version, FunctionArn, LastModified, Description, ...rest }: FunctionConfiguration) => JSON.stringify(rest);
  return strip(a) === strip(b);
}
