// One execution environment: a runtime process in its own sandbox, talking to its own Runtime
// API listener. It runs init once, then one invocation at a time, and is frozen whenever it
// waits for the next event, as Lambda freezes its microVMs. Timeouts and memory are enforced
// from outside the process, so a handler stuck in a busy loop or allocating without end is
// stopped all the same. Its states and moves are in lifecycle.ts.

import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { limits } from '../limits.ts';
import { Lifecycle } from './lifecycle.ts';
import { MemoryWatch } from './memory-watch.ts';
import { OutputCapture } from './output-capture.ts';
import type { EnvironmentSpec, InitOutcome, InvocationOutcome, InvocationRequest } from './environment-types.ts';
import { planLaunch } from './launch.ts';
import { EnvironmentProcess } from './process-control.ts';
import { startTime } from './process-tree.ts';
import { refusals, responseSizeLimitInMessages, sendEvent, type Refusal, type RuntimeCall } from '../runtime-api/server.ts';
import { connectionFromEnvironment } from './runtime-peer.ts';
import { Sandbox } from './sandbox.ts';
import { readStreamedResponse } from './streamed-response.ts';
import { RearmableTimer } from './rearmable-timer.ts';

export { exitReason } from './process-control.ts';

export type { EnvironmentSpec, OutputLine, InvocationRequest, InvocationOutcome, InitOutcome } from './environment-types.ts';

interface Invocation {
  request: InvocationRequest;
  settle: (outcome: InvocationOutcome) => void;
  /** The event has been handed to the runtime. */
  dispatched: boolean;
  /** The runtime's streamed response is still being read. */
  streaming?: boolean;
  started: number;
}

/** How long a runtime that posted an init error gets to exit by itself before it is stopped. */
const initErrorExitGraceMs = 250;

/** How often output is read while the runtime runs, so logs show as they are written. */
const liveOutputIntervalMs = 25;

export class ExecutionEnvironment {
  readonly spec: EnvironmentSpec;
  private readonly lifecycle: Lifecycle;
  private box?: Sandbox;
  private process?: EnvironmentProcess;
  private output?: OutputCapture;
  private readonly memory: MemoryWatch;
  /** The current invocation's deadline, and the reads of output while the runtime runs: one timer each for the environment's life. */
  private readonly deadline = new RearmableTimer(() => this.onDeadline());
  private readonly liveOutput = new RearmableTimer(() => {
    this.output?.drain();
    this.liveOutput.arm(liveOutputIntervalMs);
  });
  /** The runtime's GET /next, held while it waits (the runtime is frozen meanwhile). */
  private waitingNext?: ServerResponse;
  /** A freeze waiting one event-loop turn for an event that would make it pointless. */
  private freezeTimer: NodeJS.Immediate | undefined;
  private current?: Invocation;
  private initSettle?: (outcome: InitOutcome) => void;
  /** What the runtime posted to /init/error, told once it has exited (or its grace ran out). */
  private pendingInitError?: Extract<InitOutcome, { kind: 'init-error' }>;
  private initErrorGrace?: NodeJS.Timeout;
  /** The runtime posted an answer and has not asked for the next event since. */
  private answeredSinceNext = false;
  initDurationMs = 0;
  lastUsed = Date.now();

  /** `prepared`, when given, is a sandbox the service made ahead for this package (its id is spec.id). */
  constructor(spec: EnvironmentSpec, prepared?: Sandbox) {
    this.spec = spec;
    this.box = prepared;
    this.lifecycle = new Lifecycle(spec.id);
    this.memory = new MemoryWatch(() => this.process?.members() ?? { runtime: undefined, others: [] }, spec.memorySize * 1024 * 1024, () => this.onMemoryExceeded());
  }

  get isIdle(): boolean {
    return this.lifecycle.is('idle');
  }

  get isDead(): boolean {
    return this.lifecycle.is('dead');
  }

  get pid(): number | undefined {
    // The runtime's own pid (behind the launcher): what a test or the bench looks at.
    return this.process?.isGone ? undefined : (this.process?.runtimePid ?? this.process?.pid);
  }

  /** Highest memory the environment reached, in bytes. */
  get peakMemoryBytes(): number {
    return this.memory.peakBytes;
  }

  /** Starts the runtime and waits until it asks for its first event (or fails, or runs out of time). */
  async init(initLimitMs: number): Promise<InitOutcome> {
    if (!this.box) {
      const prepared = await Sandbox.prepare(this.spec.sandboxParent, this.spec.id, this.spec.codeDirectory, this.spec.layers);
      if (this.lifecycle.is('dead')) {
        await prepared.dispose(); // destroyed while its sandbox was being made
        return { kind: 'exit', reason: 'signal: killed' };
      }
      this.box = prepared;
    }
    const box = this.box;
    box.adopt({
      next: (reply) => this.onNext(reply),
      response: (id, body) => this.onAnswer(id, { kind: 'response', payload: body }),
      error: (id, body, errorType) => this.onAnswer(id, { kind: 'error', payload: body, ...(errorType ? { errorType } : {}) }),
      initError: (body, errorType) => this.onInitError(body, errorType),
      tooLarge: (id, size) => this.onAnswer(id, { kind: 'response-too-large', size }),
      responseStream: (id, body) => this.onResponseStream(id, body),
      refusal: (call, id) => this.refusal(call, id),
      isOwnRuntime: (socket) => connectionFromEnvironment(this.process, socket.remotePort, socket.localPort),
    });

    const direct = this.spec.launch(box.taskRoot);
    if (direct.entrypointError) {
      await this.destroy();
      return { kind: 'invalid-entrypoint', message: direct.entrypointError };
    }
    const { plan, env, containment } = planLaunch(this.spec, direct, box);
    this.lifecycle.to('initialising');
    const outcome = new Promise<InitOutcome>((resolve) => (this.initSettle = resolve));
    const started = performance.now();
    this.output = new OutputCapture(join(box.dir, 'output.log'), (text) => this.onLine(text));
    this.process = EnvironmentProcess.start(plan, {
      cwd: box.taskRoot,
      env,
      outputDescriptor: this.output.childDescriptor,
      containment,
      marker: box.dir,
      onExit: (reason) => this.onExit(reason),
    });
    this.output.releaseChildDescriptor();
    // For the sweep after a host crash: the pid and its start time, so a reused pid is never taken for ours.
    if (this.process.pid) writeFileSync(join(box.dir, 'pid'), `${this.process.pid} ${startTime(this.process.pid) ?? ''}`);

    const limit = setTimeout(() => this.settleInit({ kind: 'timeout' }), initLimitMs);
    // Memory counts during init too: a runtime that loads too much at start is stopped there.
    this.memory.start();
    this.startLiveOutput();
    const result = await outcome;
    clearTimeout(limit);
    this.initDurationMs = performance.now() - started;
    if (result.kind !== 'ready') await this.destroy();
    return result;
  }

  /** Runs one invocation on this (idle, initialised) environment. */
  invoke(request: InvocationRequest): Promise<InvocationOutcome> {
    this.lifecycle.to('invoking');
    const started = performance.now();
    return new Promise<InvocationOutcome>((settle) => {
      this.deadline.arm(request.timeoutMs);
      this.current = { request, settle, dispatched: false, started };
      this.memory.start();
      this.startLiveOutput();
      // The runtime may still be on its way back to /next after the previous answer.
      if (this.waitingNext) this.dispatch();
    });
  }

  /** Ends every process of the environment and removes its sandbox. Safe to call more than once. */
  async destroy(): Promise<void> {
    this.lifecycle.to('dead');
    this.stopWatching();
    this.disposeTimers();
    this.waitingNext?.destroy();
    this.waitingNext = undefined;
    await this.process?.kill();
    this.output?.flush();
    this.output?.close();
    const box = this.box;
    this.box = undefined;
    await box?.dispose();
    this.settleInit({ kind: 'exit', reason: 'signal: killed' });
    if (this.current) this.end({ kind: 'exit', reason: 'signal: killed', dispatched: this.current.dispatched });
  }

  /** Last resort when the host process exits without shutting down: ends every process now. */
  killNow(): void {
    this.process?.killNow();
  }

  /** Hands the current event to the runtime waiting in /next. */
  private dispatch(): void {
    if (this.freezeTimer) clearImmediate(this.freezeTimer);
    this.freezeTimer = undefined;
    const current = this.current!;
    const reply = this.waitingNext!;
    const { request } = current;
    this.waitingNext = undefined;
    current.dispatched = true;
    request.onDispatch?.();
    if (!this.process) return this.reply(reply, request);
    // The event goes out when no freeze can be left unread (see EnvironmentProcess.thaw); unless
    // the invocation ended meanwhile (timeout, exit), which answered it already.
    this.process.thaw(() => {
      if (this.current === current && !reply.destroyed) this.reply(reply, request);
    });
  }

  private reply(reply: ServerResponse, request: InvocationRequest): void {
    sendEvent(reply, request, Date.now() + request.timeoutMs);
  }

  private onNext(reply: ServerResponse): void {
    if (this.lifecycle.is('dead', 'starting')) {
      reply.destroy();
      return;
    }
    if (this.waitingNext) {
      reply.writeHead(403, { 'Content-Type': 'application/json' });
      reply.end(JSON.stringify({ errorType: 'InvalidStateTransition', errorMessage: 'A request for the next event is already waiting.' }));
      return;
    }
    this.waitingNext = reply;
    this.answeredSinceNext = false;
    switch (this.lifecycle.state) {
      case 'initialising':
        this.lifecycle.to('idle');
        this.output?.drain();
        this.memory.sampleNow();
        this.stopWatching();
        this.settleInit({ kind: 'ready' });
        this.freezeWhenIdle();
        return;
      case 'idle':
        this.freezeWhenIdle();
        return;
      case 'invoking':
        if (!this.current!.dispatched) return this.dispatch();
        // A runtime that has finished writing its streamed response may ask for the next event
        // on another connection before the end of that stream is read here: it waits for it.
        if (this.current!.streaming) return;
        // The runtime asked for more work without answering: Lambda treats that as a failed runtime.
        return this.end({ kind: 'exit', reason: 'the runtime asked for the next event without posting a response', dispatched: true });
    }
  }

  private onInitError(payload: Buffer, errorType: string | undefined): void {
    if (!this.lifecycle.is('initialising') || this.pendingInitError) return;
    this.memory.sampleNow();
    this.pendingInitError = { kind: 'init-error', payload, ...(errorType ? { errorType } : {}) };
    // A runtime that reports an init error exits next, often printing its own account of the
    // error on the way out: wait for that exit (onExit settles), but not for one that never comes.
    this.initErrorGrace = setTimeout(() => {
      this.output?.flush();
      if (this.pendingInitError) this.settleInit(this.pendingInitError);
    }, initErrorExitGraceMs);
  }

  private settleInit(outcome: InitOutcome): void {
    clearTimeout(this.initErrorGrace);
    const settle = this.initSettle;
    this.initSettle = undefined;
    if (settle && this.lifecycle.is('initialising') && outcome.kind !== 'ready') this.stopWatching();
    settle?.(outcome);
  }

  /** The runtime posted a result for `requestId`. */
  private onAnswer(requestId: string, outcome: InvocationOutcome): void {
    if (this.current?.request.requestId !== requestId) return;
    this.answeredSinceNext = true;
    // The runtime wrote its logs before it posted: they are all in the output file now, and
    // end() reads them to the last line before it settles.
    if ((outcome.kind === 'response' || outcome.kind === 'error') && this.memory.sampleNow()) {
      // One last look, so a short spike between two samples still counts.
      return this.end({ kind: 'out-of-memory' });
    }
    this.end(outcome);
  }

  /**
   * Whether the runtime may post this now. The state names are those of AWS's emulator
   * (lambda/core/states.go): the runtime is started (initialising), ready (in /next), in an
   * invocation (it has the event) or has sent its response.
   */
  private refusal(call: RuntimeCall, requestId?: string): Refusal | undefined {
    const target = call === 'init-error' ? 'InitErrorResponse' : call === 'error' ? 'InvocationErrorResponse' : 'InvocationResponse';
    const initialising = this.lifecycle.is('initialising');
    if (call === 'init-error') return initialising && !this.pendingInitError ? undefined : refusals.stateTransition(this.runtimeStateName(), target);
    const current = this.current;
    if (!current?.dispatched || initialising) return refusals.stateTransition(this.runtimeStateName(), target);
    return current.request.requestId === requestId ? undefined : refusals.invalidRequestId();
  }

  private runtimeStateName(): string {
    if (this.lifecycle.is('initialising')) return this.pendingInitError ? 'RuntimeInitErrorState' : 'RuntimeStartedState';
    if (this.current?.dispatched) return 'RuntimeInvocationResponseState';
    return this.answeredSinceNext ? 'RuntimeResponseSentState' : 'RuntimeReadyState';
  }

  /** The runtime streams its answer: read it as it comes, then end the invocation with it. */
  private async onResponseStream(requestId: string, body: IncomingMessage): Promise<'accepted' | 'too-large'> {
    const current = this.current;
    if (current?.request.requestId !== requestId) {
      body.resume();
      return 'accepted';
    }
    const { onChunk } = current.request;
    // A buffered Invoke of a streaming function is held to the 6 MB response quota.
    const limitBytes = onChunk ? limits.streamedResponse.max : responseSizeLimitInMessages;
    current.streaming = true;
    const result = await readStreamedResponse(body, { limitBytes, ...(onChunk ? { onChunk } : {}) });
    current.streaming = false;
    if (this.current !== current) return 'accepted'; // it timed out or its runtime died meanwhile
    switch (result.kind) {
      case 'complete':
        this.onAnswer(requestId, { kind: 'response', payload: result.body, streamed: { contentType: result.contentType, ...(result.prelude ? { prelude: result.prelude } : {}) } });
        return 'accepted';
      case 'error':
        this.onAnswer(requestId, { kind: 'error', payload: result.body, errorType: result.errorType });
        return 'accepted';
      case 'too-large':
        this.onAnswer(requestId, { kind: 'response-too-large', size: result.size });
        return 'too-large';
      case 'broken':
        return 'accepted'; // the runtime went away mid-stream: its exit ends the invocation
    }
  }

  /** Ends the current invocation. Failures other than a function error discard the environment. */
  private end(outcome: InvocationOutcome): void {
    const current = this.current;
    if (!current) return;
    this.output?.flush();
    this.current = undefined;
    this.deadline.disarm();
    this.stopWatching();
    if (outcome.kind === 'response' || outcome.kind === 'error' || outcome.kind === 'response-too-large') {
      if (!this.lifecycle.is('dead')) {
        this.lifecycle.to('idle');
        this.lastUsed = Date.now();
        // The runtime may not have asked for the next event yet; onNext freezes it when it does.
        if (this.waitingNext) this.freezeWhenIdle();
      }
    } else if (!this.lifecycle.is('dead')) {
      this.memory.sampleNow();
      this.lifecycle.to('dead');
      void this.process?.kill();
    }
    current.settle(outcome);
  }

  private onMemoryExceeded(): void {
    if (this.lifecycle.is('invoking')) this.end({ kind: 'out-of-memory' });
    else if (this.lifecycle.is('initialising')) this.settleInit({ kind: 'out-of-memory' });
  }

  private onExit(reason: string): void {
    const wasInitialising = this.lifecycle.is('initialising');
    this.lifecycle.to('dead');
    this.waitingNext?.destroy();
    this.waitingNext = undefined;
    // The process is gone: everything it wrote is in the file, a crash report included.
    this.output?.flush();
    if (wasInitialising) this.settleInit(this.pendingInitError ?? { kind: 'exit', reason });
    if (this.current) this.end({ kind: 'exit', reason, dispatched: this.current.dispatched });
    this.stopWatching();
    this.disposeTimers();
  }

  /** The current invocation ran out of time. */
  private onDeadline(): void {
    const current = this.current;
    if (!current) return;
    // A timer may fire a fraction of a millisecond early by the clock we report with.
    this.end({ kind: 'timeout', elapsedMs: Math.max(performance.now() - current.started, current.request.timeoutMs) });
  }

  private onLine(text: string): void {
    const requestId = this.current?.request.requestId;
    this.spec.onOutput({ text, ...(requestId ? { requestId } : {}) }, this);
  }

  /**
   * Freezes the runtime waiting in /next, unless an event is handed to it first: as on Lambda, a
   * runtime that asks for the next event while one is ready gets it without being frozen. One
   * turn of the event loop is the window: an in-process caller's next invoke comes within it.
   */
  private freezeWhenIdle(): void {
    if (this.freezeTimer) return;
    this.freezeTimer = setImmediate(() => {
      this.freezeTimer = undefined;
      if (this.lifecycle.is('idle') && this.waitingNext) this.freeze();
    });
  }

  private freeze(): void {
    this.process?.freeze();
    try {
      this.output?.compact();
    } catch {
      // Compaction only saves disk space: the file keeps growing, every line is still read.
    }
  }

  private startLiveOutput(): void {
    if (!this.liveOutput.isArmed) this.liveOutput.arm(liveOutputIntervalMs);
  }

  private stopWatching(): void {
    this.memory.stop();
    this.liveOutput.disarm();
  }

  /** The environment is gone: nothing of it stays scheduled, and the runtime's status file is let go. */
  private disposeTimers(): void {
    this.deadline.dispose();
    this.liveOutput.dispose();
    this.memory.close();
  }
}

export function newEnvironmentId(): string {
  return randomBytes(16).toString('hex');
}

export const initLimitMs = limits.initDuration.max * 1000;
