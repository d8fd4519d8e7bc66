// The embedded Lambda service: functions, their execution environments and invoke.
// Programmatic API in Lambda's own names (createFunction, invoke, ...), used by the CLI,
// the grader and the site. It knows nothing of labs.

import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkEnvironment, checkFunctionName, checkHandler, checkRuntime, checkWholeNumberInRange } from './configuration.ts';
import { snapshotCode } from './code-snapshot.ts';
import {
  ExecutionEnvironment,
  initLimitMs as lambdaInitLimitMs,
  newEnvironmentId,
  type InvocationOutcome,
} from './environment.ts';
import { CodeBuildError, LambdaServiceError } from './errors.ts';
import { limits } from './limits.ts';
import { billedDuration, endLine, exitedMessage, initReportLine, reportLine, startLine, timedOutMessage } from './platform-log.ts';
import { responseTooLargeMessage } from './runtime-api.ts';
import { findRuntime, versionMatches, type RuntimeDefinition, type Toolchain } from './runtimes/registry.ts';
import { sweepAbandonedSandboxes, writeOwnerFile } from './sandbox-sweep.ts';
import type { FunctionConfiguration, FunctionConfigurationInput, InvocationReport, InvokeInput, InvokeOutput, LogEvent } from './types.ts';

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
}

interface FunctionRecord {
  config: FunctionConfiguration;
  /** The code as deployed. */
  code: string;
  /** What environments run: the code itself, or its build for compiled languages. */
  artifact: string;
  runtime: RuntimeDefinition;
  toolchain: Toolchain;
  environments: Set<ExecutionEnvironment>;
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
  private readonly pendingAsync = new Set<NodeJS.Timeout>();
  private readonly asyncRuns = new Set<Promise<unknown>>();
  private readonly reaper: NodeJS.Timeout;
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
    };
    this.region = this.options.region;
    this.accountId = this.options.accountId;
    sweepAbandonedSandboxes(tmpdir());
    this.root = mkdtempSync(join(tmpdir(), 'lambda-dojo-'));
    writeOwnerFile(this.root);
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
    const { config, runtime, toolchain } = await this.resolveConfiguration({ ...input, FunctionName: name }, undefined);
    const snapshot = snapshotCode(input.Code?.Directory, this.newCodeFolder(name));
    let artifact: string;
    try {
      artifact = await this.build(runtime, toolchain, snapshot.directory, snapshot.sha256, config.Handler);
    } catch (error) {
      rmSync(snapshot.directory, { recursive: true, force: true });
      throw error;
    }
    const record: FunctionRecord = {
      config: { ...config, CodeSha256: snapshot.sha256, CodeSize: snapshot.size },
      code: snapshot.directory,
      artifact,
      runtime,
      toolchain,
      environments: new Set(),
    };
    this.functions.set(name, record);
    return structuredClone(record.config);
  }

  getFunctionConfiguration(name: string): FunctionConfiguration {
    return structuredClone(this.record(name).config);
  }

  listFunctions(): FunctionConfiguration[] {
    return [...this.functions.values()].map((r) => structuredClone(r.config));
  }

  async updateFunctionCode(name: string, code: { Directory: string }): Promise<FunctionConfiguration> {
    const record = this.record(name);
    const snapshot = snapshotCode(code?.Directory, this.newCodeFolder(name));
    try {
      record.artifact = await this.build(record.runtime, record.toolchain, snapshot.directory, snapshot.sha256, record.config.Handler);
    } catch (error) {
      rmSync(snapshot.directory, { recursive: true, force: true });
      throw error;
    }
    const old = record.code;
    record.code = snapshot.directory;
    Object.assign(record.config, { CodeSha256: snapshot.sha256, CodeSize: snapshot.size, LastModified: new Date().toISOString() });
    await this.retireEnvironments(record);
    rmSync(old, { recursive: true, force: true });
    return structuredClone(record.config);
  }

  async updateFunctionConfiguration(name: string, changes: Partial<Omit<FunctionConfigurationInput, 'FunctionName' | 'Code'>>): Promise<FunctionConfiguration> {
    const record = this.record(name);
    const merged = {
      FunctionName: name,
      Runtime: changes.Runtime ?? record.config.Runtime,
      Handler: changes.Handler ?? record.config.Handler,
      MemorySize: changes.MemorySize ?? record.config.MemorySize,
      Timeout: changes.Timeout ?? record.config.Timeout,
      Environment: changes.Environment ?? record.config.Environment,
      EphemeralStorage: changes.EphemeralStorage ?? record.config.EphemeralStorage,
      Description: changes.Description ?? record.config.Description,
    };
    const { config, runtime, toolchain } = await this.resolveConfiguration(merged, record.config);
    const artifact = runtime === record.runtime ? record.artifact : await this.build(runtime, toolchain, record.code, record.config.CodeSha256, config.Handler);
    Object.assign(record, { runtime, toolchain, artifact });
    record.config = { ...config, CodeSha256: record.config.CodeSha256, CodeSize: record.config.CodeSize };
    // New configuration, new environments: the old ones were started with the old settings.
    await this.retireEnvironments(record);
    return structuredClone(record.config);
  }

  async deleteFunction(name: string): Promise<void> {
    const record = this.record(name);
    this.functions.delete(name);
    await this.retireEnvironments(record);
    rmSync(record.code, { recursive: true, force: true });
  }

  async invoke(input: InvokeInput): Promise<InvokeOutput> {
    this.assertOpen();
    const { name, qualifier } = this.parseFunctionName(input.FunctionName, input.Qualifier);
    const record = this.record(name);
    if (qualifier !== undefined && qualifier !== '$LATEST') {
      throw new LambdaServiceError('ResourceNotFoundException', `Function not found: ${this.functionArn(name, qualifier)}. This function has only $LATEST.`);
    }
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
    const empty: InvocationReport = {
      requestId,
      durationMs: 0,
      billedDurationMs: 0,
      memorySizeMB: record.config.MemorySize,
      maxMemoryUsedMB: 0,
      status: 'success',
      environmentId: '',
      coldStart: false,
    };
    if (type === 'DryRun') {
      return { StatusCode: 204, Payload: '', ExecutedVersion: '$LATEST', RequestId: requestId, Logs: [], Report: empty };
    }
    if (type === 'Event') {
      this.runAsync(record, payload, requestId, 0);
      return { StatusCode: 202, Payload: '', ExecutedVersion: '$LATEST', RequestId: requestId, Logs: [], Report: empty };
    }
    const output = await this.run(record, payload, requestId, input.ClientContext);
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
    await Promise.all([...this.functions.values()].map((record) => this.retireEnvironments(record)));
    await Promise.allSettled([...this.asyncRuns]);
    await Promise.all([...this.functions.values()].map((record) => this.retireEnvironments(record)));
    rmSync(this.root, { recursive: true, force: true });
    process.off('exit', this.onProcessExit);
  }

  /** Environments alive now, for tests and the CLI: one per warm or busy sandbox. */
  environmentPids(): number[] {
    return [...this.functions.values()].flatMap((r) => [...r.environments].map((e) => e.pid).filter((p): p is number => p !== undefined));
  }

  private async run(record: FunctionRecord, payload: Buffer, requestId: string, clientContext?: string): Promise<InvokeOutput> {
    const config = record.config;
    const logs: string[] = [];
    const version = '$LATEST';
    let environment = this.takeWarmEnvironment(record);
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
      if (init.kind === 'init-error' || init.kind === 'exit') {
        const body = init.kind === 'init-error' ? init.payload.toString('utf8') : undefined;
        const errorType = init.kind === 'init-error' ? (init.errorType ?? parseError(init.payload)?.errorType ?? 'Runtime.Unknown') : 'Runtime.ExitError';
        const message = exitedMessage(requestId, init.kind === 'exit' ? init.reason : 'exit status 1');
        this.platform(record, environment, logs, initReportLine(initDurationMs, 'init', 'error', errorType));
        return this.failedBeforeInvoke(record, environment, logs, requestId, version, initDurationMs, 'error', errorType, message, body);
      }
    }

    this.invocationLogs.set(environment, logs);
    this.platform(record, environment, logs, startLine(requestId, version), requestId);
    const started = performance.now();
    const outcome = await environment.invoke({
      requestId,
      payload,
      timeoutMs,
      invokedFunctionArn: this.functionArn(config.FunctionName),
      traceId: traceHeader(),
      ...(clientContext ? { clientContext: Buffer.from(clientContext, 'base64').toString('utf8') } : {}),
    });
    const durationMs = performance.now() - started;
    const result = this.interpret(outcome, requestId);
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

  /** Turns what happened in the environment into Lambda's answer. */
  private interpret(outcome: InvocationOutcome, requestId: string) {
    const failure = (errorType: string, errorMessage: string) => JSON.stringify({ errorType, errorMessage });
    switch (outcome.kind) {
      case 'response':
        return { payload: outcome.payload.toString('utf8'), status: 'success' as const, functionError: false };
      case 'error':
        return { payload: outcome.payload.toString('utf8'), status: 'success' as const, functionError: true };
      case 'response-too-large':
        return { payload: failure('Function.ResponseSizeTooLarge', responseTooLargeMessage(outcome.size)), status: 'success' as const, functionError: true };
      case 'timeout':
        return { payload: failure('Sandbox.Timedout', timedOutMessage(requestId, outcome.elapsedMs)), status: 'timeout' as const, functionError: true };
      case 'out-of-memory':
        return {
          payload: failure('Runtime.OutOfMemory', `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`),
          status: 'error' as const,
          reportErrorType: 'Runtime.OutOfMemory',
          functionError: true,
        };
      case 'exit':
        return { payload: failure('Runtime.ExitError', exitedMessage(requestId, outcome.reason)), status: 'error' as const, reportErrorType: 'Runtime.ExitError', functionError: true };
    }
  }

  /** START/END/REPORT for an invocation whose environment never became ready. */
  private failedBeforeInvoke(
    record: FunctionRecord,
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

  private runAsync(record: FunctionRecord, payload: Buffer, requestId: string, attempt: number): void {
    const execution = this.run(record, payload, requestId)
      .then((output) => {
        if (!output.FunctionError || this.closed) return;
        const delay = this.options.asyncRetryDelaysMs[attempt];
        if (delay === undefined) {
          this.emit('asyncFailure', { functionName: record.config.FunctionName, requestId, payload: output.Payload });
          return;
        }
        const timer = setTimeout(() => {
          this.pendingAsync.delete(timer);
          if (this.functions.get(record.config.FunctionName) === record) this.runAsync(record, payload, requestId, attempt + 1);
        }, delay);
        this.pendingAsync.add(timer);
      })
      .catch((error: Error) => {
        this.emit('asyncFailure', { functionName: record.config.FunctionName, requestId, payload: JSON.stringify({ errorType: error.name, errorMessage: error.message }) });
      })
      .finally(() => this.asyncRuns.delete(execution));
    this.asyncRuns.add(execution);
  }

  private newEnvironment(record: FunctionRecord, logs: string[]): ExecutionEnvironment {
    this.makeRoomForEnvironment();
    const { config, runtime, toolchain } = record;
    const id = newEnvironmentId();
    const environment: ExecutionEnvironment = new ExecutionEnvironment({
      id,
      functionName: config.FunctionName,
      version: '$LATEST',
      ...(runtime.family !== 'provided' ? { executionEnv: `AWS_Lambda_${runtime.id}` } : {}),
      handler: config.Handler,
      memorySize: config.MemorySize,
      variables: config.Environment.Variables,
      codeDirectory: record.artifact,
      sandboxParent: this.root,
      logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${id}`,
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
    });
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
    const all = [...this.functions.values()].flatMap((record) => [...record.environments].map((environment) => ({ record, environment })));
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

  private takeWarmEnvironment(record: FunctionRecord): ExecutionEnvironment | undefined {
    // The most recently used idle environment, as Lambda tends to reuse the warmest one.
    let best: ExecutionEnvironment | undefined;
    for (const environment of record.environments) {
      if (environment.isIdle && (!best || environment.lastUsed > best.lastUsed)) best = environment;
    }
    return best;
  }

  private platform(record: FunctionRecord, environment: ExecutionEnvironment, logs: string[], message: string, requestId?: string): void {
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

  private forget(record: FunctionRecord, environment: ExecutionEnvironment): void {
    record.environments.delete(environment);
    this.invocationLogs.delete(environment);
    void environment.destroy();
  }

  private async retireEnvironments(record: FunctionRecord): Promise<void> {
    const all = [...record.environments];
    record.environments.clear();
    await Promise.all(all.map((e) => e.destroy()));
  }

  private async reapIdle(): Promise<void> {
    const now = Date.now();
    for (const record of this.functions.values()) {
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
    };
    return { config, runtime, toolchain };
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

  /** Compiles once per runtime and source hash; a cached build is reused as it is. */
  private async build(runtime: RuntimeDefinition, toolchain: Toolchain, source: string, sha256: string, handler: string): Promise<string> {
    if (!runtime.build) return source;
    const folder = join(this.options.buildCacheDir, `${runtime.id}-${Buffer.from(sha256, 'base64').toString('hex')}`);
    if (existsSync(folder)) return folder;
    mkdirSync(this.options.buildCacheDir, { recursive: true });
    const output = mkdtempSync(`${folder}.building-`);
    try {
      await runtime.build({ source, output, toolchain, handler });
      renameSync(output, folder);
    } catch (error) {
      rmSync(output, { recursive: true, force: true });
      // Another service built the same source meanwhile: theirs is as good as ours.
      if (existsSync(folder) && !(error instanceof CodeBuildError)) return folder;
      throw error;
    }
    return folder;
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

function encodePayload(payload: unknown): Buffer {
  if (payload === undefined || payload === null || payload === '') return Buffer.from('{}');
  if (Buffer.isBuffer(payload)) return validJson(payload);
  if (payload instanceof Uint8Array) return validJson(Buffer.from(payload));
  if (typeof payload === 'string') return validJson(Buffer.from(payload, 'utf8'));
  return Buffer.from(JSON.stringify(payload), 'utf8');
}

function validJson(buffer: Buffer): Buffer {
  try {
    JSON.parse(buffer.toString('utf8'));
  } catch (error) {
    throw new LambdaServiceError(
      'InvalidRequestContentException',
      `Could not parse request body into json: ${(error as Error).message}. The event must be JSON, for example {"name": "Ada"}.`,
    );
  }
  return buffer;
}

function parseError(payload: Buffer): { errorType?: string } | undefined {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The last 4 KB of an invocation's log, base64-encoded, as Invoke's LogType Tail returns it. */
function tail(lines: string[]): string {
  const text = Buffer.from(lines.join('\n') + '\n', 'utf8');
  return text.subarray(Math.max(0, text.length - 4096)).toString('base64');
}

/** An X-Ray trace header in the format Lambda passes (Root=1-<epoch hex>-<24 hex>). */
function traceHeader(): string {
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}
