// Time to Live on local tables: an item whose TTL attribute (a Number of epoch seconds) has passed
// is expired but, as on AWS, still shows up in reads until a background sweep deletes it. AWS
// deletes "typically within two days of expiration"; the local sweep deletes an item when the
// stack's clock is two days past its expiry, so code that must not use expired items filters them
// itself (and a lab can advance the clock to watch the deletion).
// Sources: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ttl-expired-items.html

import type { Clock, ClockTimer } from '../../runtime/clock.ts';
import type { Request } from './query.ts';
import type { LocalTable } from './table.ts';
import { TableError } from './table-error.ts';

/** How far past its expiry an item is deleted: the end of AWS's documented two days. */
export const ttlDeletionDelaySeconds = 2 * 24 * 60 * 60;
/** How often the sweep looks, on the stack's clock. */
export const ttlSweepEveryMs = 60 * 1000;

/** `tables` is read at each sweep, so a table created later is swept too. */
export function startTimeToLiveSweep(tables: () => LocalTable[], clock: Clock, notice: (line: string) => void): { stop(): void } {
  let timer: ClockTimer | undefined;
  const sweep = () => {
    const cutoff = Math.floor(clock.now() / 1000) - ttlDeletionDelaySeconds;
    for (const table of tables()) {
      const deleted = table.deleteExpired(cutoff);
      if (deleted > 0) notice(`Table ${table.name}: Time to Live deleted ${deleted} expired item(s)`);
    }
    timer = clock.setTimer(ttlSweepEveryMs, sweep);
  };
  timer = clock.setTimer(ttlSweepEveryMs, sweep);
  return { stop: () => timer?.cancel() };
}

export function describeTimeToLive(table: LocalTable): Record<string, unknown> {
  return { TimeToLiveDescription: table.ttlAttribute ? { TimeToLiveStatus: 'ENABLED', AttributeName: table.ttlAttribute } : { TimeToLiveStatus: 'DISABLED' } };
}

export function updateTimeToLive(table: LocalTable, request: Request): Record<string, unknown> {
  const spec = request.TimeToLiveSpecification as { Enabled?: unknown; AttributeName?: unknown } | undefined;
  if (!spec || typeof spec.Enabled !== 'boolean' || typeof spec.AttributeName !== 'string' || spec.AttributeName === '') {
    throw new TableError('ValidationException', 'TimeToLiveSpecification needs Enabled (true or false) and AttributeName (the Number attribute holding epoch seconds)');
  }
  if (spec.Enabled && table.ttlAttribute) throw new TableError('ValidationException', 'TimeToLive is already enabled');
  if (!spec.Enabled && !table.ttlAttribute) throw new TableError('ValidationException', 'TimeToLive is already disabled');
  table.ttlAttribute = spec.Enabled ? spec.AttributeName : undefined;
  return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
}
