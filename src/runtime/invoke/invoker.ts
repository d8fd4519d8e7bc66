// One synchronous invocation from start to REPORT: a warm environment or a cold start (with
// init's retries as Lambda makes them), the invocation itself, and the platform's log lines.

import type { EnvironmentPool } from '../environments/pool.ts';
import type { ExecutionEnvironment, InitOutcome } from '../environments/environment.ts';
import type { FunctionVersion } from '../registry/function-registry.ts';
import { versionMatches } from '../runtimes/registry.ts';
import type { InvocationReport, InvokeOutput } from '../types.ts';
import { interpret } from './invocation-result.ts';
import { InvocationLog } from './invocation-log.ts';
import { parseError, traceHeader } from './invoke-payload.ts';
import { billedDuration, endLine, exitedMessage, initReportLine, reportLine, startLine, timedOutMessage } from './platform-log.ts';

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
}

export interface InvocationInput {
  version: FunctionVersion;
  payload: Buffer;
  requestId: string;
  invokedFunctionArn: string;
  /** Base64, as Invoke takes it. */
  clientContext?: string;
}

/** Why init did not end ready, as Lambda reports it. */
function initFailure(init: Exclude<InitOutcome, { kind: 'ready' | 'timeout' }>, requestId: string): { errorType: string; message: string; body?: string } {
  switch (init.kind) {
    case 'out-of-memory':
      return { errorType: 'Runtime.OutOfMemory', message: exitedMessage(requestId, 'signal: killed') };
    case 'invalid-entrypoint':
      return { errorType: 'Runtime.InvalidEntrypoint', message: `RequestId: ${requestId} Error: ${init.message}` };
    case 'init-error':
      return {
        errorType: init.errorType ?? parseError(init.payload)?.errorType ?? 'Runtime.Unknown',
        message: exitedMessage(requestId, 'exit status 1'),
        body: init.payload.toString('utf8'),
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
    const { pool } = this.options;
    const config = version.config;
    const log = new InvocationLog();
    let environment = pool.takeWarm(version);
    let initDurationMs: number | undefined;
    let timeoutMs = config.Timeout * 1000;
    const platform = (env: ExecutionEnvironment, line: string, id?: string) => {
      log.push(line);
      this.options.platformLine(version, env, line, id);
    };

    if (!environment) {
      await this.options.beforeColdStart();
      environment = pool.create(version);
      this.logs.set(environment, log);
      const { runtime, toolchain } = version;
      if (!versionMatches(runtime, toolchain)) {
        platform(environment, `[lambda-dojo] ${runtime.id} asked for ${runtime.family} ${runtime.languageVersion}; this machine runs ${runtime.family} ${toolchain.version}, so the function runs on ${toolchain.version}.`);
      }
      let init = await environment.init(this.options.initLimitMs);
      initDurationMs = environment.initDurationMs;
      if (init.kind === 'timeout') {
        // Lambda retries a timed-out init once inside the invoke phase, bounded by the function timeout.
        platform(environment, initReportLine(initDurationMs, 'init', 'timeout'));
        this.forget(version, environment);
        environment = pool.create(version);
        this.logs.set(environment, log);
        init = await environment.init(timeoutMs);
        initDurationMs = environment.initDurationMs;
        if (init.kind === 'timeout') {
          platform(environment, initReportLine(initDurationMs, 'invoke', 'timeout'));
          return this.failedBeforeInvoke(input, environment, log, initDurationMs, 'timeout', 'Sandbox.Timedout', timedOutMessage(requestId, timeoutMs));
        }
        timeoutMs = Math.max(1, timeoutMs - initDurationMs);
      }
      if (init.kind !== 'ready') {
        const failure = initFailure(init, requestId);
        platform(environment, initReportLine(initDurationMs, 'init', 'error', failure.errorType));
        return this.failedBeforeInvoke(input, environment, log, initDurationMs, 'error', failure.errorType, failure.message, failure.body);
      }
    }

    this.logs.set(environment, log);
    const started = performance.now();
    const chosen = environment;
    const outcome = await environment.invoke({
      requestId,
      payload: input.payload,
      timeoutMs,
      invokedFunctionArn: input.invokedFunctionArn,
      traceId: traceHeader(),
      ...(input.clientContext ? { clientContext: Buffer.from(input.clientContext, 'base64').toString('utf8') } : {}),
      onDispatch: () => platform(chosen, startLine(requestId, config.Version), requestId),
    });
    if (outcome.kind === 'exit' && !outcome.dispatched && !retried) {
      // The warm runtime died between invocations (after answering the last one): this event
      // never reached it, so it goes to a fresh environment, as Lambda would route it.
      this.forget(version, environment);
      return this.run(input, true);
    }
    if (outcome.kind === 'exit' && !outcome.dispatched) platform(environment, startLine(requestId, config.Version), requestId);
    const durationMs = outcome.kind === 'timeout' ? Math.max(performance.now() - started, outcome.elapsedMs) : performance.now() - started;
    const result = interpret(outcome, requestId);
    if (outcome.kind === 'timeout') platform(environment, timedOutMessage(requestId, outcome.elapsedMs), requestId);
    if (environment.isDead) this.forget(version, environment);

    const report: InvocationReport = {
      requestId,
      durationMs,
      billedDurationMs: billedDuration(durationMs, initDurationMs),
      memorySizeMB: config.MemorySize,
      maxMemoryUsedMB: Math.max(Math.ceil(environment.peakMemoryBytes / MiB), outcome.kind === 'out-of-memory' ? config.MemorySize : 0),
      ...(initDurationMs !== undefined ? { initDurationMs } : {}),
      status: result.status,
      ...(result.reportErrorType ? { errorType: result.reportErrorType } : {}),
      environmentId: environment.spec.id,
      coldStart: initDurationMs !== undefined,
    };
    platform(environment, endLine(requestId), requestId);
    platform(environment, reportLine(report), requestId);
    this.logs.delete(environment);
    if (report.coldStart) setImmediate(() => this.options.pool.prepareSpare(version, () => this.options.isLive(version)));
    return {
      StatusCode: 200,
      ...(result.functionError ? { FunctionError: 'Unhandled' as const } : {}),
      Payload: result.payload,
      ExecutedVersion: config.Version,
      RequestId: requestId,
      Logs: log.lines(),
      Report: report,
    };
  }

  /** START/END/REPORT for an invocation whose environment never became ready. */
  private failedBeforeInvoke(
    input: InvocationInput,
    environment: ExecutionEnvironment,
    log: InvocationLog,
    initDurationMs: number,
    status: 'error' | 'timeout',
    errorType: string,
    message: string,
    body?: string,
  ): InvokeOutput {
    const { version, requestId } = input;
    const memorySize = version.config.MemorySize;
    this.forget(version, environment);
    const report: InvocationReport = {
      requestId,
      durationMs: 0,
      billedDurationMs: billedDuration(0, initDurationMs),
      memorySizeMB: memorySize,
      maxMemoryUsedMB: errorType === 'Runtime.OutOfMemory' ? memorySize : Math.ceil(environment.peakMemoryBytes / MiB),
      initDurationMs,
      status,
      errorType,
      environmentId: environment.spec.id,
      coldStart: true,
    };
    for (const line of [startLine(requestId, version.config.Version), ...(status === 'timeout' ? [message] : []), endLine(requestId), reportLine(report)]) {
      log.push(line);
      this.options.platformLine(version, environment, line, requestId);
    }
    return {
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: body ?? JSON.stringify({ errorType, errorMessage: message }),
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
