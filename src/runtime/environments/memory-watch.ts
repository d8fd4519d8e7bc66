// Watches an environment's memory while it initialises or runs an invocation, on its own
// cadence, and says when the memory size is crossed. Lambda counts the whole sandbox, so the
// sample covers every process of the environment.

import { canReadProc, sampleFromProc, sampleMemory, samplingIntervalMs } from './memory-usage.ts';

export class MemoryWatch {
  /** The highest memory the environment reached, in bytes. */
  peakBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  private readonly rootPid: () => number | undefined;
  readonly limitBytes: number;
  private readonly onExceeded: () => void;

  constructor(rootPid: () => number | undefined, limitBytes: number, onExceeded: () => void) {
    this.rootPid = rootPid;
    this.limitBytes = limitBytes;
    this.onExceeded = onExceeded;
  }

  /** Samples every few milliseconds until stop(). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sample(), samplingIntervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One synchronous look where /proc allows it; true when the limit is crossed. */
  sampleNow(): boolean {
    const pid = this.rootPid();
    const sample = canReadProc && pid ? sampleFromProc(pid) : undefined;
    if (sample) this.peakBytes = Math.max(this.peakBytes, sample.peakBytes);
    return this.peakBytes > this.limitBytes;
  }

  private async sample(): Promise<void> {
    const pid = this.rootPid();
    if (!pid || !this.timer) return;
    const sample = await sampleMemory(pid);
    if (!sample || !this.timer) return;
    this.peakBytes = Math.max(this.peakBytes, sample.peakBytes);
    if (sample.peakBytes > this.limitBytes) this.onExceeded();
  }
}
