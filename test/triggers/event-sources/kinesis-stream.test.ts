// The stream model on a simulated clock: shards by MD5 hash ranges as Kinesis assigns them,
// sequence numbers, reading positions, retention, and the notice a poller waits on.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../src/runtime/clock.ts';
import type { KinesisError } from '../../../src/triggers/event-sources/kinesis-error.ts';
import { KinesisStreams } from '../../../src/triggers/event-sources/kinesis-registry.ts';
import { evenHashRanges, partitionKeyHash } from '../../../src/triggers/event-sources/kinesis-stream.ts';

function stack() {
  const clock = new SimulatedClock();
  return { clock, streams: new KinesisStreams({ region: 'us-east-1', accountId: '123456789012', clock }) };
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as KinesisError).code;
  }
  return undefined;
}

describe('Kinesis stream model', () => {
  it('splits the 128-bit hash key space evenly, as a new Kinesis stream does', () => {
    // Kinesis's own two-shard stream: 0..2^127-1 and 2^127..2^128-1.
    expect(evenHashRanges(2).map((r) => [r.start.toString(), r.end.toString()])).toEqual([
      ['0', '170141183460469231731687303715884105727'],
      ['170141183460469231731687303715884105728', '340282366920938463463374607431768211455'],
    ]);
    const three = evenHashRanges(3);
    expect(three[1]!.start).toBe(three[0]!.end + 1n);
    expect(three[2]!.end).toBe((1n << 128n) - 1n);
  });

  it('puts a record in the shard whose range holds the MD5 of its partition key', () => {
    const { streams } = stack();
    const stream = streams.create({ name: 'clicks', shardCount: 4 });
    const ranges = stream.shardInfo();
    for (const key of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) {
      const hash = BigInt(`0x${createHash('md5').update(key).digest('hex')}`);
      expect(partitionKeyHash(key)).toBe(hash);
      const expected = ranges.find((r) => hash >= BigInt(r.startingHashKey) && hash <= BigInt(r.endingHashKey))!.shardId;
      expect(stream.put({ partitionKey: key, data: Buffer.from(key) }).shardId).toBe(expected);
    }
    expect(stream.put({ partitionKey: 'any', data: Buffer.from('x'), explicitHashKey: '0' }).shardId).toBe('shardId-000000000000');
  });

  it('gives increasing sequence numbers within a shard and reads them back in order from each position', () => {
    const { streams } = stack();
    const stream = streams.create({ name: 's', shardCount: 1 });
    const put = ['a', 'b', 'c'].map((d) => stream.put({ partitionKey: 'k', data: Buffer.from(d) }));
    expect(BigInt(put[1]!.sequenceNumber)).toBeGreaterThan(BigInt(put[0]!.sequenceNumber));
    const shardId = put[0]!.shardId;
    const all = stream.read(stream.position(shardId, { type: 'TRIM_HORIZON' }));
    expect(all.records.map((r) => r.data.toString())).toEqual(['a', 'b', 'c']);
    expect(all.millisBehindLatest).toBe(0);
    const at = stream.read(stream.position(shardId, { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: put[1]!.sequenceNumber }));
    expect(at.records.map((r) => r.data.toString())).toEqual(['b', 'c']);
    const after = stream.read(stream.position(shardId, { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: put[1]!.sequenceNumber }));
    expect(after.records.map((r) => r.data.toString())).toEqual(['c']);
    const latest = stream.position(shardId, { type: 'LATEST' });
    expect(stream.read(latest).records).toEqual([]);
    stream.put({ partitionKey: 'k', data: Buffer.from('d') });
    expect(stream.read(latest).records.map((r) => r.data.toString())).toEqual(['d']);
    expect(codeOf(() => stream.position(shardId, { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '123' }))).toBe('InvalidArgumentException');
  });

  it('reads in batches with a limit and reports how far behind the reader is', () => {
    const { clock, streams } = stack();
    const stream = streams.create({ name: 's', shardCount: 1 });
    stream.put({ partitionKey: 'k', data: Buffer.from('old') });
    clock.advance(60_000);
    stream.put({ partitionKey: 'k', data: Buffer.from('new') });
    const first = stream.read(stream.position('shardId-000000000000', { type: 'TRIM_HORIZON' }), 1);
    expect(first.records.map((r) => r.data.toString())).toEqual(['old']);
    expect(first.millisBehindLatest).toBeGreaterThanOrEqual(60_000);
    expect(stream.pending(first.next)).toBe(1);
    const second = stream.read(first.next, 1);
    expect(second.records.map((r) => r.data.toString())).toEqual(['new']);
    expect(second.millisBehindLatest).toBe(0);
  });

  it('trims records older than the retention period (24 hours by default) and AT_TIMESTAMP finds the first newer record', () => {
    const { clock, streams } = stack();
    const stream = streams.create({ name: 's', shardCount: 1 });
    stream.put({ partitionKey: 'k', data: Buffer.from('day 1') });
    clock.advance(12 * 3_600_000);
    const noon = clock.now();
    stream.put({ partitionKey: 'k', data: Buffer.from('day 1.5') });
    const since = stream.read(stream.position('shardId-000000000000', { type: 'AT_TIMESTAMP', timestamp: noon }));
    expect(since.records.map((r) => r.data.toString())).toEqual(['day 1.5']);
    clock.advance(12 * 3_600_000);
    const left = stream.read(stream.position('shardId-000000000000', { type: 'TRIM_HORIZON' }));
    expect(left.records.map((r) => r.data.toString())).toEqual(['day 1.5']);
  });

  it('tells a subscribed poller which shard got a record', () => {
    const { streams } = stack();
    const stream = streams.create({ name: 's', shardCount: 2 });
    const told: string[] = [];
    const stop = stream.onRecords((shardId) => told.push(shardId));
    const { shardId } = stream.put({ partitionKey: 'k', data: Buffer.from('x') });
    stop();
    stream.put({ partitionKey: 'k', data: Buffer.from('y') });
    expect(told).toEqual([shardId]);
  });

  it('refuses what Kinesis refuses: a taken name, no shard count, a record over the size limit, an unknown stream', () => {
    const { streams } = stack();
    const stream = streams.create({ name: 's', shardCount: 1 });
    expect(codeOf(() => streams.create({ name: 's', shardCount: 1 }))).toBe('ResourceInUseException');
    expect(codeOf(() => streams.create({ name: 'p' }))).toBe('InvalidArgumentException');
    expect(streams.create({ name: 'od', mode: 'ON_DEMAND' }).shardIds()).toHaveLength(4);
    expect(() => stream.put({ partitionKey: 'k', data: Buffer.alloc(1024 * 1024) })).toThrow(/1048577 bytes.*at most 1048576/);
    expect(codeOf(() => streams.require({ StreamName: 'nope' }))).toBe('ResourceNotFoundException');
    expect(streams.byArn(stream.arn)).toBe(stream);
  });
});
