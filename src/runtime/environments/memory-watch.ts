// Watches an environment's memory while it initialises or runs an invocation, on its own
// cadence, and says when the memory size is crossed. Lambda counts the whole sandbox, so each
// sample covers every process of the environment (see memory-usage.ts for how they are counted).
// The cadence stretches when sampling itself gets costly (many or large child processes), so
// the watch never takes more than about a tenth of a core.

import { canReadProc, proportionalTotal, RuntimeStatus, sampleFromPs, samplingIntervalMs, type MemorySample } from './memory-usage.ts';
import type { Members } from './process-control.ts';
import { RearmableTimer } from './rearmable-timer.ts';

export class MemoryWatch {
  /** The highest memory the environment reached, in bytes. */
  peakBytes = 0;
  private readonly ticker = new RearmableTimer(() => this.tick());
  private running = false;
  /** Counts starts, so a sample that outlives a stop (and a new start) schedules nothing. */
  private generation = 0;
  /** From the last full sample: the runtime's pid and what the other processes held. */
  private runtime: number | undefined;
  /** The runtime's status file, kept open while the environment lives. */
  private status: RuntimeStatus | undefined;
  private othersBytes = 0;
  private closed = false;

  private readonly members: () => Members;
  readonly limitBytes: number;
  private readonly onExceeded: () => void;

  constructor(members: () => Members, limitBytes: number, onExceeded: () => void) {
    this.members = members;
    this.limitBytes = limitBytes;
    this.onExceeded = onExceeded;
  }

  /** Samples every few milliseconds until stop(). */
  start(): void {
    if (this.running || this.closed) return;
    this.running = true;
    this.generation += 1;
    this.ticker.arm(samplingIntervalMs);
  }

  stop(): void {
    this.running = false;
    this.ticker.disarm();
  }

  /**
   * One cheap synchronous look where /proc allows it (the runtime's status file; the other
   * processes as the last sample found them); true when the limit is crossed.
   */
  sampleNow(): boolean {
    if (!canReadProc) return this.peakBytes > this.limitBytes;
    this.runtime ??= this.members().runtime;
    const own = this.statusOf(this.runtime)?.read();
    if (own) this.peakBytes = Math.max(this.peakBytes, own.peak + this.othersBytes);
    return this.peakBytes > this.limitBytes;
  }

  /** The environment is gone: its status file is let go. */
  close(): void {
    this.stop();
    this.ticker.dispose();
    this.closed = true;
    this.status?.close();
    this.status = undefined;
  }

  private statusOf(pid: number | undefined): RuntimeStatus | undefined {
    if (pid === undefined || this.closed) return undefined;
    if (this.status?.pid !== pid) {
      this.status?.close();
      this.status = new RuntimeStatus(pid);
    }
    return this.status;
  }

  private tick(): void {
    const generation = this.generation;
    const started = performance.now();
    void this.sample().then(() => {
      if (!this.running || this.generation !== generation) return; // stopped (and maybe started again) meanwhile
      // Sampling may cost a tenth of the time at most.
      this.ticker.arm(Math.max(samplingIntervalMs, (performance.now() - started) * 10));
    });
  }

  private async sample(): Promise<void> {
    const { runtime, others } = this.members();
    if (runtime === undefined || !this.running) return;
    this.runtime = runtime;
    let sample: MemorySample | undefined;
    if (canReadProc) {
      const own = this.statusOf(runtime)?.read();
      this.othersBytes = proportionalTotal(others);
      sample = own && { residentBytes: own.resident + this.othersBytes, peakBytes: own.peak + this.othersBytes };
    } else {
      sample = await sampleFromPs(runtime);
    }
    if (!sample || !this.running) return;
    this.peakBytes = Math.max(this.peakBytes, sample.peakBytes);
    if (sample.peakBytes > this.limitBytes) this.onExceeded();
  }
}
