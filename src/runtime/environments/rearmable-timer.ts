// A timer an environment arms again and again (each invocation's deadline, its memory and output
// watches): one Node timer re-armed with refresh() rather than a new one per invocation. Node
// keeps a list of timers per duration and drops the list with its last timer, so a timer made
// and cleared for every invocation costs an object, a list, a queue insertion and a libuv
// re-arm each time; a re-armed one is moved within its list. Disarmed, it stays scheduled but
// unreferenced (it keeps no process alive), and its firing is ignored.

export class RearmableTimer {
  private timer: NodeJS.Timeout | undefined;
  private delayMs = -1;
  private armed = false;
  private disposed = false;
  private readonly fire: () => void;

  constructor(fire: () => void) {
    this.fire = fire;
  }

  get isArmed(): boolean {
    return this.armed;
  }

  /** Fires once, `delayMs` from now, unless it is disarmed or armed again first. Nothing once disposed. */
  arm(delayMs: number): void {
    if (this.disposed) return;
    this.armed = true;
    if (this.timer !== undefined && this.delayMs === delayMs) {
      this.timer.refresh(); // reactivates a timer that has fired, too
      this.timer.ref();
      return;
    }
    clearTimeout(this.timer);
    this.delayMs = delayMs;
    this.timer = setTimeout(() => {
      if (!this.armed) return;
      this.armed = false;
      this.fire();
    }, delayMs);
  }

  disarm(): void {
    if (!this.armed) return;
    this.armed = false;
    this.timer?.unref();
  }

  /** For good: nothing stays scheduled. */
  dispose(): void {
    this.disposed = true;
    this.armed = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
