// One execution environment: a child process in its own sandbox folder, talking to its own
// Runtime API listener. It runs init once, then one invocation at a time, and is frozen
// (SIGSTOP) whenever it waits for the next event, as Lambda freezes its microVMs.
// Timeouts and memory are enforced from outside the process, so a handler stuck in a busy
// loop or allocating without end is stopped all the same.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { limits } from '../limits.ts';
import { canReadProc, sampleFromProc, samplingIntervalMs, sampleMemory } from './memory-usage.ts';
import { canShadow, insideMountNamespace } from '../host/mount-namespace.ts';
import { Sandbox } from './sandbox.ts';
import type { LaunchPlan } from '../runtimes/registry.ts';

export interface EnvironmentSpec {
  id: string;
  functionName: string;
  version: string;
  executionEnv?: string;
  handler: string;
  memorySize: number;
  variables: Record<string, string>;
  /** The function's code; copied into the sandbox's task root. */
  codeDirectory: string;
  /** The folder under which this environment makes its sandbox. */
  sandboxParent: string;
  logStreamName: string;
  /** Extracted layer folders, copied into the environment's /opt in this order. */
  layers: string[];
  /** The runtime's search-path variables for a given /opt and runtime folder (NODE_PATH, PYTHONPATH, ...). */
  layerPaths: (opt: string, runtimeDir: string | undefined) => Record<string, string>;
  /** Variables every environment of this service gets (the local key service's endpoint). */
  serviceVariables: Record<string, string>;
  /** Run inside a mount namespace with a real /opt and /tmp (see mount-namespace.ts). */
  isolate: boolean;
  launch: (taskRoot: string) => LaunchPlan;
  /** Receives every line the process writes, tagged with the invocation it belongs to. */
  onOutput: (line: OutputLine) => void;
}

export interface OutputLine {
  stream: 'stdout' | 'stderr';
  text: string;
  requestId?: string;
}

export interface InvocationRequest {
  requestId: string;
  payload: Buffer;
  timeoutMs: number;
  invokedFunctionArn: string;
  traceId: string;
  clientContext?: string;
  cognitoIdentity?: string;
  /** Called the moment the event is handed to the runtime (START belongs there). */
  onDispatch?: () => void;
}

export type InvocationOutcome =
  | { kind: 'response'; payload: Buffer }
  | { kind: 'error'; payload: Buffer; errorType?: string }
  | { kind: 'timeout'; elapsedMs: number }
  | { kind: 'out-of-memory' }
  | { kind: 'response-too-large'; size: number }
  | { kind: 'exit'; reason: string; /** False when the runtime died before it asked for this event. */ dispatched: boolean };

export type InitOutcome =
  | { kind: 'ready' }
  | { kind: 'invalid-entrypoint'; message: string }
  | { kind: 'out-of-memory' }
  | { kind: 'init-error'; payload: Buffer; errorType?: string }
  | { kind: 'timeout' }
  | { kind: 'exit'; reason: string };

type State = 'new' | 'initializing' | 'idle' | 'busy' | 'dead';

/** Go's wording for a process that ended, which is what Lambda's Runtime.ExitError quotes. */
export function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) {
    const names: Partial<Record<NodeJS.Signals, string>> = {
      SIGKILL: 'killed',
      SIGSEGV: 'segmentation fault',
      SIGABRT: 'aborted',
      SIGTERM: 'terminated',
      SIGINT: 'interrupt',
      SIGBUS: 'bus error',
    };
    return `signal: ${names[signal] ?? signal}`;
  }
  return `exit status ${code ?? 0}`;
}

export class ExecutionEnvironment {
  readonly spec: EnvironmentSpec;
  private state: State = 'new';
  private child?: ChildProcess;
  private box?: Sandbox;
  private waitingNext?: ServerResponse;
  private current?: {
    request: InvocationRequest;
    settle: (outcome: InvocationOutcome) => void;
    /** The event has been handed to the runtime. */
    dispatched: boolean;
    /** The runtime has posted its result (the outcome follows once the pipes are drained). */
    answered: boolean;
  };
  private initSettle?: (outcome: InitOutcome) => void;
  private pendingInitError?: { payload: Buffer; errorType?: string };
  private exited: Promise<void>;
  private markExited!: () => void;
  private partial = { stdout: '', stderr: '' };
  private frozen = false;
  /** Highest memory the process tree reached, in bytes. */
  peakMemoryBytes = 0;
  initDurationMs = 0;
  lastUsed = Date.now();

  /** `prepared`, when given, is a sandbox the service made ahead for this package (its id is spec.id). */
  constructor(spec: EnvironmentSpec, prepared?: Sandbox) {
    this.spec = spec;
    this.box = prepared;
    this.exited = new Promise((resolve) => (this.markExited = resolve));
  }

  get isIdle(): boolean {
    return this.state === 'idle';
  }

  get isDead(): boolean {
    return this.state === 'dead';
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and waits until it asks for its first event (or fails, or runs out of time). */
  async init(initLimitMs: number): Promise<InitOutcome> {
    if (this.state !== 'new') throw new Error(`environment ${this.spec.id} was already started`);
    this.state = 'initializing';
    const box = (this.box ??= await Sandbox.prepare(this.spec.sandboxParent, this.spec.id, this.spec.codeDirectory, this.spec.layers));
    const { taskRoot, opt, tmp } = box;
    box.adopt({
      next: (reply) => this.onNext(reply),
      response: (id, body) => this.finish(id, { kind: 'response', payload: body }),
      error: (id, body, errorType) => this.finish(id, { kind: 'error', payload: body, ...(errorType ? { errorType } : {}) }),
      initError: (body, errorType) => this.onInitError(body, errorType),
      tooLarge: (id, size) => this.finish(id, { kind: 'response-too-large', size }),
      isCurrent: (id) => this.current?.request.requestId === id,
    });

    const direct = this.spec.launch(taskRoot);
    if (direct.entrypointError) {
      await this.destroy();
      return { kind: 'invalid-entrypoint', message: direct.entrypointError };
    }
    // Never hide a folder the runtime itself lives in (a project checked out under /tmp, say).
    const needed = [taskRoot, direct.command, ...direct.args, ...Object.values(direct.env ?? {}), direct.runtimeDir ?? '', process.env.PATH ?? '']
      .flatMap((value) => value.split(':')) // class paths and search paths list several
      .filter((p) => p.startsWith('/'));
    const isolate = this.spec.isolate && canShadow('/opt', needed);
    const ownTmp = isolate && canShadow('/tmp', needed);
    const plan = isolate ? insideMountNamespace(direct, opt, ownTmp ? tmp : undefined) : direct;
    const seen = { opt: isolate ? '/opt' : opt, tmp: ownTmp ? '/tmp' : tmp };
    const started = performance.now();
    const outcome = new Promise<InitOutcome>((resolve) => (this.initSettle = resolve));
    const child = spawn(plan.command, plan.args, {
      cwd: taskRoot,
      env: this.processEnvironment(seen, plan, box),
      detached: true, // its own process group, so freeze and kill reach its children too
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => this.onData('stdout', chunk));
    child.stderr!.on('data', (chunk: Buffer) => this.onData('stderr', chunk));
    child.on('error', (error) => this.onExit(`error: ${error.message}`));
    child.on('exit', (code, signal) => this.onExit(exitReason(code, signal)));
    if (child.pid) writeFileSync(join(box.dir, 'pid'), String(child.pid));

    const limit = setTimeout(() => this.settleInit({ kind: 'timeout' }), initLimitMs);
    // Memory counts during init too: a runtime that loads too much at start is stopped there.
    const watch = setInterval(() => void this.checkMemory(this.spec.memorySize * 1024 * 1024), samplingIntervalMs);
    const result = await outcome;
    clearTimeout(limit);
    clearInterval(watch);
    this.initDurationMs = performance.now() - started;
    if (result.kind !== 'ready') await this.destroy();
    return result;
  }

  /** Runs one invocation on this (idle, initialised) environment. */
  invoke(request: InvocationRequest): Promise<InvocationOutcome> {
    if (this.state !== 'idle') throw new Error(`environment ${this.spec.id} is not idle`);
    this.state = 'busy';
    const started = performance.now();
    const outcome = new Promise<InvocationOutcome>((settle) => (this.current = { request, settle, dispatched: false, answered: false }));

    const memoryLimit = this.spec.memorySize * 1024 * 1024;
    const watch = setInterval(() => void this.checkMemory(memoryLimit), samplingIntervalMs);
    const deadline = setTimeout(() => {
      // A timer may fire a fraction of a millisecond early by the clock we report with.
      this.end({ kind: 'timeout', elapsedMs: Math.max(performance.now() - started, request.timeoutMs) });
    }, request.timeoutMs);
    // The runtime may still be on its way back to /next after the previous answer.
    if (this.waitingNext) this.dispatch();

    return outcome.finally(() => {
      clearInterval(watch);
      clearTimeout(deadline);
    });
  }

  /** Hands the current event to the runtime waiting in /next. */
  private dispatch(): void {
    const current = this.current!;
    const reply = this.waitingNext!;
    const { request } = current;
    this.waitingNext = undefined;
    current.dispatched = true;
    request.onDispatch?.();
    this.thaw();
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': request.payload.length,
      'lambda-runtime-aws-request-id': request.requestId,
      'lambda-runtime-deadline-ms': Date.now() + request.timeoutMs,
      'lambda-runtime-invoked-function-arn': request.invokedFunctionArn,
      'lambda-runtime-trace-id': request.traceId,
    };
    if (request.clientContext) headers['lambda-runtime-client-context'] = request.clientContext;
    if (request.cognitoIdentity) headers['lambda-runtime-cognito-identity'] = request.cognitoIdentity;
    reply.writeHead(200, headers);
    reply.end(request.payload);
  }

  /** Kills the process tree and removes the sandbox. Safe to call more than once. */
  async destroy(): Promise<void> {
    this.state = 'dead';
    this.killTree();
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) await this.exited;
    const box = this.box;
    this.box = undefined;
    await box?.dispose();
    this.settleInit({ kind: 'exit', reason: 'signal: killed' });
  }

  private processEnvironment(seen: { opt: string; tmp: string }, plan: LaunchPlan, box: Sandbox): NodeJS.ProcessEnv {
    const s = this.spec;
    const inherited = ['PATH', 'HOME', 'LD_LIBRARY_PATH', 'SYSTEMROOT'];
    const env: NodeJS.ProcessEnv = {};
    for (const key of inherited) if (process.env[key] !== undefined) env[key] = process.env[key];
    Object.assign(env, {
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      TMPDIR: seen.tmp,
      ...s.layerPaths(seen.opt, plan.runtimeDir),
      ...s.serviceVariables,
      ...plan.env,
      ...s.variables,
      // Set after the function's own variables: Lambda reserves these names.
      _HANDLER: s.handler,
      LAMBDA_TASK_ROOT: box.taskRoot,
      ...(plan.runtimeDir ? { LAMBDA_RUNTIME_DIR: plan.runtimeDir } : {}),
      AWS_LAMBDA_RUNTIME_API: box.address,
      AWS_LAMBDA_FUNCTION_NAME: s.functionName,
      AWS_LAMBDA_FUNCTION_VERSION: s.version,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(s.memorySize),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${s.functionName}`,
      AWS_LAMBDA_LOG_STREAM_NAME: s.logStreamName,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
    });
    if (s.executionEnv) env.AWS_EXECUTION_ENV = s.executionEnv;
    return env;
  }

  private onNext(reply: ServerResponse): void {
    if (this.state === 'dead') {
      reply.destroy();
      return;
    }
    if (this.waitingNext) {
      reply.writeHead(400, { 'content-type': 'application/json' });
      reply.end(JSON.stringify({ errorType: 'InvalidStateTransition', errorMessage: 'A request for the next event is already waiting.' }));
      return;
    }
    this.waitingNext = reply;
    if (this.state === 'initializing') {
      this.state = 'idle';
      this.sampleNow();
      this.settleInit({ kind: 'ready' });
      this.freeze();
    } else if (this.state === 'idle') {
      this.freeze();
    } else if (this.state === 'busy' && this.current) {
      if (!this.current.dispatched) this.dispatch();
      else if (!this.current.answered) {
        // The runtime asked for more work without answering: Lambda treats that as a failed runtime.
        this.end({ kind: 'exit', reason: 'the runtime asked for the next event without posting a response', dispatched: true });
      }
      // Otherwise the answer is being finished; end() freezes the runtime in its /next.
    }
  }

  private onInitError(payload: Buffer, errorType: string | undefined): void {
    this.sampleNow();
    this.pendingInitError = { payload, ...(errorType ? { errorType } : {}) };
    // Let the runtime log its own account of the error before it goes.
    setTimeout(() => this.settleInit({ kind: 'init-error', ...this.pendingInitError! }), 50);
  }

  private settleInit(outcome: InitOutcome): void {
    const settle = this.initSettle;
    this.initSettle = undefined;
    settle?.(outcome);
  }

  /** The runtime posted a result for `requestId`. */
  private finish(requestId: string, outcome: InvocationOutcome): void {
    if (this.current?.request.requestId !== requestId || this.current.answered) return;
    this.current.answered = true;
    // The process writes its logs before it posts, but the pipes are read on their own
    // schedule: give them a turn of the event loop so every line lands in this invocation.
    setImmediate(() =>
      setImmediate(() => {
        if (outcome.kind === 'response' || outcome.kind === 'error') {
          this.sampleNow(); // one last look, so a short spike between two samples still counts
          if (this.peakMemoryBytes > this.spec.memorySize * 1024 * 1024) return this.end({ kind: 'out-of-memory' });
        }
        this.end(outcome);
      }),
    );
  }

  /** Ends the current invocation. Failures other than a function error discard the environment. */
  private end(outcome: InvocationOutcome): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    this.flushPartialLines(current.request.requestId);
    if (outcome.kind === 'response' || outcome.kind === 'error' || outcome.kind === 'response-too-large') {
      if (this.state === 'dead') return current.settle(outcome);
      this.state = 'idle';
      this.lastUsed = Date.now();
      if (this.waitingNext) this.freeze();
      // The runtime may not have asked for the next event yet; onNext freezes it when it does.
    } else {
      if (this.state !== 'dead') this.sampleNow();
      this.state = 'dead';
      this.killTree();
    }
    current.settle(outcome);
  }

  /** A synchronous sample where /proc allows it. */
  private sampleNow(): void {
    const sample = canReadProc && this.child?.pid ? sampleFromProc(this.child.pid) : undefined;
    if (sample) this.peakMemoryBytes = Math.max(this.peakMemoryBytes, sample.peakBytes);
  }

  private async checkMemory(limitBytes: number): Promise<void> {
    const pid = this.child?.pid;
    if (!pid || (this.state !== 'busy' && this.state !== 'initializing')) return;
    const sample = await sampleMemory(pid);
    if (!sample) return;
    this.peakMemoryBytes = Math.max(this.peakMemoryBytes, sample.peakBytes);
    if (sample.peakBytes <= limitBytes) return;
    if (this.state === 'busy') this.end({ kind: 'out-of-memory' });
    else if (this.state === 'initializing') this.settleInit({ kind: 'out-of-memory' });
  }

  private onData(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    const text = this.partial[stream] + chunk.toString('utf8');
    const lines = text.split('\n');
    this.partial[stream] = lines.pop()!;
    const requestId = this.current?.request.requestId;
    for (const line of lines) this.spec.onOutput({ stream, text: line, ...(requestId ? { requestId } : {}) });
  }

  private flushPartialLines(requestId: string | undefined): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) {
        this.spec.onOutput({ stream, text: this.partial[stream], ...(requestId ? { requestId } : {}) });
        this.partial[stream] = '';
      }
    }
  }

  private onExit(reason: string): void {
    const wasInitializing = this.state === 'initializing';
    this.state = 'dead';
    this.frozen = false;
    this.waitingNext?.destroy();
    this.waitingNext = undefined;
    // Let the pipes deliver the last lines (a crash report, say) before the outcome is told.
    setImmediate(() => {
      this.flushPartialLines(this.current?.request.requestId);
      if (wasInitializing) {
        this.settleInit(this.pendingInitError ? { kind: 'init-error', ...this.pendingInitError } : { kind: 'exit', reason });
      }
      // An invocation the runtime already answered keeps its answer (Ruby's runtime client posts
      // a critical error, then exits): the exit only retires the environment.
      if (this.current && !this.current.answered) this.end({ kind: 'exit', reason, dispatched: this.current.dispatched });
      this.markExited();
    });
    this.killTree(); // any grandchildren it left behind
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (!pid) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is already gone
    }
  }

  private freeze(): void {
    if (this.frozen || this.state === 'dead') return;
    this.frozen = true;
    this.signal('SIGSTOP');
  }

  private thaw(): void {
    if (!this.frozen) return;
    this.frozen = false;
    this.signal('SIGCONT');
  }

  private killTree(): void {
    this.signal('SIGKILL');
    this.frozen = false;
  }
}

export function newEnvironmentId(): string {
  return randomBytes(16).toString('hex');
}

export const initLimitMs = limits.initDuration.max * 1000;
