// The time that the services around functions keep: visibility timeouts, batching windows,
// record age, alarm periods, authorizer and CloudFront cache TTLs. It runs with real time and a
// lab or a test can move it forward (`advance`), so a 5-minute TTL or an alarm period is
// checkable in seconds. A timer set on it fires when real time or an advance reaches its due
// time, whichever comes first. The runtime's own limits (timeouts, init limit) never use it:
// they measure the function, not the service around it.

export interface ClockTimer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch, as Date.now(), plus every advance so far. */
  now(): number;
  /** Moves the clock forward; timers now due fire (in due order) before this returns. */
  advance(ms: number): void;
  /** Runs `fire` once the clock reaches now() + ms. */
  setTimer(ms: number, fire: () => void): ClockTimer;
  /** Resolves once the clock reaches now() + ms, or at once (rejecting) when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

interface PendingTimer {
  due: number;
  fire: () => void;
  real?: NodeJS.Timeout;
}

export class SimulatedClock implements Clock {
  private offsetMs = 0;
  private readonly pending = new Set<PendingTimer>();

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** How far ahead of real time this clock is. */
  get aheadMs(): number {
    return this.offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`The clock moves forward only: ${ms} ms is not a whole, positive number of milliseconds.`);
    this.offsetMs += ms;
    const due = [...this.pending].filter((t) => t.due <= this.now()).sort((a, b) => a.due - b.due);
    for (const timer of due) this.fire(timer);
    for (const timer of this.pending) this.arm(timer);
  }

  setTimer(ms: number, fire: () => void): ClockTimer {
    const timer: PendingTimer = { due: this.now() + Math.max(0, ms), fire };
    this.pending.add(timer);
    this.arm(timer);
    return { cancel: () => this.drop(timer) };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        timer.cancel();
        reject(signal!.reason);
      };
      const timer = this.setTimer(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Cancels every timer (a stack that stops leaves none behind). */
  clear(): void {
    for (const timer of [...this.pending]) this.drop(timer);
  }

  private arm(timer: PendingTimer): void {
    if (timer.real) clearTimeout(timer.real);
    // Unref'd: a pending visibility timeout must not keep a finished CLI or test alive.
    timer.real = setTimeout(() => this.fire(timer), Math.max(0, timer.due - this.now()));
    timer.real.unref();
  }

  private fire(timer: PendingTimer): void {
    if (!this.pending.has(timer)) return;
    this.drop(timer);
    timer.fire();
  }

  private drop(timer: PendingTimer): void {
    if (timer.real) clearTimeout(timer.real);
    this.pending.delete(timer);
  }
}
