// The services' clock: it runs with real time, a lab moves it forward, and timers fire in due
// order when an advance passes them (a 5-minute TTL is checkable at once), or when real time does.

import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/runtime/clock.ts';

describe('the simulated clock', () => {
  it('reads real time plus every advance', () => {
    const clock = new SimulatedClock();
    const before = Date.now();
    clock.advance(300_000);
    expect(clock.now()).toBeGreaterThanOrEqual(before + 300_000);
    expect(clock.aheadMs).toBe(300_000);
  });

  it('fires the timers an advance passes, in due order, before advance returns, and no others', () => {
    const clock = new SimulatedClock();
    const fired: string[] = [];
    clock.setTimer(60_000, () => fired.push('one minute'));
    clock.setTimer(1_000, () => fired.push('one second'));
    clock.setTimer(3_600_000, () => fired.push('one hour'));
    clock.advance(61_000);
    expect(fired).toEqual(['one second', 'one minute']);
    clock.clear();
  });

  it('fires a timer when real time reaches it, without any advance', async () => {
    const clock = new SimulatedClock();
    await clock.sleep(5);
    let fired = false;
    await new Promise<void>((resolve) => clock.setTimer(10, () => resolve(void (fired = true))));
    expect(fired).toBe(true);
  });

  it('a cancelled timer never fires, and an aborted sleep rejects with its reason', async () => {
    const clock = new SimulatedClock();
    let fired = false;
    clock.setTimer(1_000, () => (fired = true)).cancel();
    clock.advance(5_000);
    expect(fired).toBe(false);
    const abort = new AbortController();
    const sleeping = clock.sleep(60_000, abort.signal);
    abort.abort(new Error('stopped'));
    await expect(sleeping).rejects.toThrow('stopped');
  });

  it('refuses to go backwards, naming the value', () => {
    expect(() => new SimulatedClock().advance(-5)).toThrow(/-5 ms .*moves forward only|forward only: -5 ms/);
  });
});
