// One synchronous invocation from start to REPORT: a warm environment or a cold start (with
// init's retries as Lambda makes them), the invocation itself, and the platform's log lines.

import type { EnvironmentPool } from '../environments/pool.ts';
import type { ExecutionEnvironment, InitOutcome } from '../environments/environment.ts';
import type { FunctionVersion } from '../registry/function-registry.ts';
import type { InvocationReport, InvokeOutput } from '../types.ts';
import { interpret } from './invocation-result.ts';
import { InvocationLog } from './invocation-log.ts';
import { parseError, traceHeader } from './invoke-payload.ts';
import { billedDuration, endLine, exitedMessage, initReportLine, initStartLine, reportedErrorType, reportLine, startLine, timedOutMessage } from './platform-log.ts';

const MiB = 1024 * 1024;

export interface InvokerOptions {
  pool: EnvironmentPool;
  /** The init phase's limit (Lambda: 10 s). */
  initLimitMs: number;
  /** Runs before a cold start: the local services a function may call must be up. */
  beforeColdStart: () => Promise<void>;
  /** A platform line (START, END, REPORT, ...) for the log stream. */
  platformLine: (version: FunctionVersion, environment: ExecutionEnvironment, message: string, requestId?: string) => void;
  /** Still deployed? A spare sandbox is prepared only for live versions. */
  isLive: (version: FunctionVersion) => boolean;
  /** What a cold start's log says about the runtime first (another local version, a deprecation). */
  coldStartNotes: (version: FunctionVersion) => string[];
  /** The Region, for the runtime version ARN in INIT_START. */
  region: string;
}

type ColdStart = {
  kind: 'ready';
  environment: ExecutionEnvironment;
  /** The REPORT line's Init Duration: only when init succeeded in the init phase. */
  initDurationMs?: number;
  /** Init time billed with the invocation (since 1 August 2025 init is billed). */
  billedInitMs: number;
  /** Set when init ran again inside the invocation: the invocation's clock started then. */
  invokePhaseStarted?: number;
  /** START was written when the invoke phase began, before the second init. */
  startLogged: boolean;
};

export interface InvocationInput {
  version: FunctionVersion;
  payload: Buffer;
  requestId: string;
  invokedFunctionArn: string;
  /** Base64, as Invoke takes it. */
  clientContext?: string;
  /** The X-Ray trace header the function runs with (Lambda-Runtime-Trace-Id, its _X_AMZN_TRACE_ID), lineage included. */
  traceHeader?: string;
  /** InvokeWithResponseStream: where a streamed response's chunks go as they arrive. */
  onChunk?: (chunk: Buffer) => void;
}

/** Why init did not end ready, as Lambda reports it. */
function initFailure(init: Exclude<InitOutcome, { kind: 'ready' | 'timeout' }>, requestId: string): { errorType: string; message: string; body?: Buffer } {
  switch (init.kind) {
    case 'out-of-memory':
      return { errorType: 'Runtime.OutOfMemory', message: exitedMessage(requestId, 'signal: killed') };
    case 'invalid-entrypoint':
      return { errorType: 'Runtime.InvalidEntrypoint', message: `RequestId: ${requestId} Error: ${init.message}` };
    case 'init-error':
      return {
        errorType: init.errorType ?? parseError(init.payload)?.errorType ?? 'Runtime.Unknown',
        message: exitedMessage(requestId, 'exit status 1'),
        body: init.payload,
      };
    case 'exit':
      return { errorType: 'Runtime.ExitError', message: exitedMessage(requestId, init.reason) };
  }
}

export class Invoker {
  /** Each environment's current invocation log, where its function's lines go. */
  private readonly logs = new Map<ExecutionEnvironment, InvocationLog>();

  private readonly options: InvokerOptions;

  constructor(options: InvokerOptions) {
    this.options = options;
  }

  /** A line the function wrote: it belongs to its environment's current invocation. */
  functionLine(environment: ExecutionEnvironment, text: string): void {
    this.logs.get(environment)?.push(text);
  }

  async run(input: InvocationInput, retried = false): Promise<InvokeOutput> {
    const { version, requestId } = input;
    const config = version.config;
    const log = new InvocationLog();
    const platform = (env: ExecutionEnvironment, line: string, id?: string) => {
      log.push(line);
      this.options.platformLine(version, env, line, id);
    };

    let environment = this.options.pool.takeWarm(version);
    let cold: ColdStart | undefined;
    if (!environment) {
      const started = await this.coldStart(input, log, platform);
      if (started.kind === 'failed') return started.output;
      cold = started;
      environment = started.environment;
    }

    this.logs.set(environment, log);
    const started = cold?.invokePhaseStarted ?? performance.now();
    const timeoutMs = Math.max(1, config.Timeout * 1000 - (cold?.invokePhaseStarted !== undefined ? performance.now() - cold.invokePhaseStarted : 0));
    const chosen = environment;
    const outcome = await environment.invoke({
      requestId,
      payload: input.payload,
      timeoutMs,
      invokedFunctionArn: input.invokedFunctionArn,
      traceId: input.traceHeader ?? traceHeader(),
      ...(input.clientContext ? { clientContext: Buffer.from(input.clientContext, 'base64').toString('utf8') } : {}),
      ...(input.onChunk ? { onChunk: input.onChunk } : {}),
      onDispatch: () => {
        if (!cold?.startLogged) platform(chosen, startLine(requestId, config.Version), requestId);
      },
    });
    if (outcome.kind === 'exit' && !outcome.dispatched && !retried) {
      // The warm runtime died between invocations (after answering the last one): this event
      // never reached it, so it goes to a fresh environment, as Lambda would route it.
      this.forget(version, environment);
      return this.run(input, true);
    }
    if (outcome.kind === 'exit' && !outcome.dispatched && !cold?.startLogged) platform(environment, startLine(requestId, config.Version), requestId);
    const elapsed = performance.now() - started;
    const durationMs = outcome.kind === 'timeout' ? Math.max(elapsed, outcome.elapsedMs) : elapsed;
    const result = interpret(outcome, requestId);
    if (outcome.kind === 'timeout') platform(environment, timedOutMessage(requestId, outcome.elapsedMs), requestId);
    if (environment.isDead) this.forget(version, environment);

    const report: InvocationReport = {
      requestId,
      durationMs,
      billedDurationMs: billedDuration(durationMs, cold?.billedInitMs),
      memorySizeMB: config.MemorySize,
      maxMemoryUsedMB: Math.max(Math.ceil(environment.peakMemoryBytes / MiB), outcome.kind === 'out-of-memory' ? config.MemorySize : 0),
      ...(cold?.initDurationMs !== undefined ? { initDurationMs: cold.initDurationMs } : {}),
      status: result.status,
      ...(result.reportErrorType ? { errorType: reportedErrorType(result.reportErrorType) } : {}),
      environmentId: environment.spec.id,
      coldStart: cold !== undefined,
    };
    platform(environment, endLine(requestId), requestId);
    platform(environment, reportLine(report), requestId);
    this.logs.delete(environment);
    if (report.coldStart) setImmediate(() => this.options.pool.prepareSpare(version, () => this.options.isLive(version)));
    return {
      StatusCode: 200,
      ...(result.functionError ? { FunctionError: 'Unhandled' as const } : {}),
      Payload: result.payload,
      ...('streamed' in result && result.streamed
        ? { ResponseStreamContentType: result.streamed.contentType, ...(result.streamed.prelude ? { ResponsePrelude: result.streamed.prelude } : {}) }
        : {}),
      ExecutedVersion: config.Version,
      RequestId: requestId,
      Logs: log.lines(),
      Report: report,
    };
  }

  /**
   * A new environment, initialised. When init fails or runs out of time, Lambda does not give up:
   * it reports the init phase, starts the invocation, and runs init again inside it ("suppressed
   * init"), bounded by the function timeout; only when that fails too is the invocation an error.
   * Sources: AWS's Runtime Interface Emulator, lambda/interop/sandbox_model.go and
   * lambda/rapid/handlers.go; lambda-runtime-environment.html ("Init phase").
   */
  private async coldStart(input: InvocationInput, log: InvocationLog, platform: (env: ExecutionEnvironment, line: string, id?: string) => void): Promise<ColdStart | { kind: 'failed'; output: InvokeOutput }> {
    const { version, requestId } = input;
    const { pool } = this.options;
    await this.options.beforeColdStart();
    const first = pool.create(version);
    this.logs.set(first, log);
    for (const note of this.options.coldStartNotes(version)) platform(first, note);
    platform(first, initStartLine(version.runtime.id, version.runtime.family, version.runtime.languageVersion, this.options.region));
    const init = await first.init(this.options.initLimitMs);
    if (init.kind === 'ready') return { kind: 'ready', environment: first, initDurationMs: first.initDurationMs, billedInitMs: first.initDurationMs, startLogged: false };

    const failedInitMs = first.initDurationMs;
    platform(first, initReportLine(failedInitMs, 'init', init.kind === 'timeout' ? 'timeout' : 'error', init.kind === 'timeout' ? undefined : reportedErrorType(initFailure(init, requestId).errorType)));
    this.forget(version, first);

    const invokePhaseStarted = performance.now();
    if (!this.options.isLive(version)) {
      // Deleted while its first init ran: there is nothing left to run init again for.
      const failure = initFailure(init.kind === 'timeout' ? { kind: 'exit', reason: 'signal: killed' } : init, requestId);
      return { kind: 'failed', output: this.failedInit(input, first, log, 0, failedInitMs, 'error', failure) };
    }
    const retry = pool.create(version);
    this.logs.set(retry, log);
    platform(retry, startLine(requestId, version.config.Version), requestId);
    const timeoutMs = version.config.Timeout * 1000;
    const again = await retry.init(timeoutMs);
    if (again.kind === 'ready') return { kind: 'ready', environment: retry, billedInitMs: failedInitMs, invokePhaseStarted, startLogged: true };

    const durationMs = again.kind === 'timeout' ? Math.max(performance.now() - invokePhaseStarted, timeoutMs) : performance.now() - invokePhaseStarted;
    const failure = again.kind === 'timeout' ? { errorType: 'Sandbox.Timedout', message: timedOutMessage(requestId, durationMs) } : initFailure(again, requestId);
    platform(retry, initReportLine(retry.initDurationMs, 'invoke', again.kind === 'timeout' ? 'timeout' : 'error', again.kind === 'timeout' ? undefined : reportedErrorType(failure.errorType)));
    if (again.kind === 'timeout') platform(retry, failure.message, requestId);
    return { kind: 'failed', output: this.failedInit(input, retry, log, durationMs, failedInitMs, again.kind === 'timeout' ? 'timeout' : 'error', failure) };
  }

  /** END and REPORT for an invocation whose environment never became ready. */
  private failedInit(
    input: InvocationInput,
    environment: ExecutionEnvironment,
    log: InvocationLog,
    durationMs: number,
    failedInitMs: number,
    status: 'error' | 'timeout',
    failure: { errorType: string; message: string; body?: Buffer },
  ): InvokeOutput {
    const { version, requestId } = input;
    const memorySize = version.config.MemorySize;
    this.forget(version, environment);
    const report: InvocationReport = {
      requestId,
      durationMs,
      billedDurationMs: billedDuration(durationMs, failedInitMs),
      memorySizeMB: memorySize,
      maxMemoryUsedMB: failure.errorType === 'Runtime.OutOfMemory' ? memorySize : Math.ceil(environment.peakMemoryBytes / MiB),
      status,
      ...(status === 'error' ? { errorType: reportedErrorType(failure.errorType) } : {}),
      environmentId: environment.spec.id,
      coldStart: true,
    };
    for (const line of [endLine(requestId), reportLine(report)]) {
      log.push(line);
      this.options.platformLine(version, environment, line, requestId);
    }
    return {
      StatusCode: 200,
      FunctionError: 'Unhandled',
      // The caller gets the function's own error; only the platform's lines normalise its type.
      Payload: failure.body ?? Buffer.from(JSON.stringify({ errorType: failure.errorType, errorMessage: failure.message })),
      ExecutedVersion: version.config.Version,
      RequestId: requestId,
      Logs: log.lines(),
      Report: report,
    };
  }

  private forget(version: FunctionVersion, environment: ExecutionEnvironment): void {
    this.logs.delete(environment);
    this.options.pool.forget(version, environment);
  }
}
