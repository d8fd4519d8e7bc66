// One Kinesis data stream on the stack's clock: what the endpoint's Kinesis protocol and Lambda's
// Kinesis poller (event source mappings) both use. The poller's API:
//
//   stream.shardIds();                                        // ["shardId-000000000000", ...]
//   let at = stream.position(shardId, { type: 'TRIM_HORIZON' }); // or LATEST, AT_/AFTER_SEQUENCE_NUMBER, AT_TIMESTAMP
//   const { records, next, millisBehindLatest } = stream.read(at, 100);
//   // each record: sequenceNumber, partitionKey, data (Buffer), approximateArrivalTimestamp (ms), shardId
//   at = next;                                                // re-read `at` to retry the same batch
//   const stop = stream.onRecords((shardId) => wake(shardId)); // told when a shard gets records
//
// What Kinesis does, and this does too (Kinesis API reference PutRecord, PutRecords,
// GetShardIterator, GetRecords, CreateStream, as in @aws-sdk/client-kinesis 3.1143's model docs;
// Kinesis Developer Guide key-concepts.html):
// - a partition key's MD5, read as a 128-bit unsigned integer, picks the shard whose hash key
//   range holds it (ExplicitHashKey overrides it); a new stream splits 0..2^128-1 evenly;
// - sequence numbers increase within a shard; records stay for the retention period (24 hours
//   by default, up to 8,760) and are then trimmed;
// - a record (data and partition key) may be as large as the stream's MaxRecordSizeInKiB
//   (1,024 KiB unless set, up to 10,240); GetRecords returns at most 10,000 records and 10 MiB.

import { createHash } from 'node:crypto';
import type { Clock } from '../../runtime/clock.ts';
import { KinesisError } from './kinesis-error.ts';

export const hashKeyCount = 1n << 128n;
export const maxGetRecordsLimit = 10_000;
export const maxGetRecordsBytes = 10 * 1024 * 1024;
export const retentionHoursRange = { min: 24, max: 8760, default: 24 };
export const maxRecordSizeKiBRange = { min: 1024, max: 10_240, default: 1024 };

/** The 128-bit hash key Kinesis derives from a partition key: its MD5 as an unsigned integer. */
export function partitionKeyHash(partitionKey: string): bigint {
  return BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`);
}

/** The hash key ranges of a new stream of `count` shards: equal parts of 0..2^128-1. */
export function evenHashRanges(count: number): Array<{ start: bigint; end: bigint }> {
  const starts = Array.from({ length: count }, (_, i) => (BigInt(i) * hashKeyCount) / BigInt(count));
  return starts.map((start, i) => ({ start, end: (starts[i + 1] ?? hashKeyCount) - 1n }));
}

export interface KinesisRecord {
  shardId: string;
  sequenceNumber: string;
  partitionKey: string;
  data: Buffer;
  /** Clock milliseconds. */
  approximateArrivalTimestamp: number;
}

export type StartingPosition =
  | { type: 'TRIM_HORIZON' | 'LATEST' }
  | { type: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string }
  | { type: 'AT_TIMESTAMP'; timestamp: number };

/** Where a reader is in a shard: the ordinal of the next record to read. */
export interface ShardPosition {
  shardId: string;
  ordinal: number;
}

export interface KinesisReadResult {
  records: KinesisRecord[];
  next: ShardPosition;
  /** 0 when nothing is left to read; otherwise how old the last record returned is. */
  millisBehindLatest: number;
}

/** What a stream did, for its AWS/Kinesis metrics (kinesis-metrics.ts). */
export type KinesisActivity =
  | { kind: 'put'; bytes: number }
  | { kind: 'read'; records: number; bytes: number; iteratorAgeMs: number };

export interface KinesisShardInfo {
  shardId: string;
  startingHashKey: string;
  endingHashKey: string;
  startingSequenceNumber: string;
}

interface Shard {
  index: number;
  id: string;
  start: bigint;
  end: bigint;
  /** Ordinal of records[0]; earlier ones were trimmed. */
  firstOrdinal: number;
  records: KinesisRecord[];
}

export interface KinesisStreamOptions {
  name: string;
  arn: string;
  shardCount: number;
  retentionHours?: number;
  maxRecordSizeKiB?: number;
  mode?: 'PROVISIONED' | 'ON_DEMAND';
  clock: Clock;
}

export class KinesisStream {
  readonly name: string;
  readonly arn: string;
  readonly mode: 'PROVISIONED' | 'ON_DEMAND';
  readonly createdAt: number;
  retentionHours: number;
  readonly maxRecordSizeKiB: number;
  private readonly clock: Clock;
  private readonly shards: Shard[];
  private readonly listeners = new Set<(shardId: string) => void>();
  private readonly activity = new Set<(event: KinesisActivity) => void>();

  constructor(options: KinesisStreamOptions) {
    this.name = options.name;
    this.arn = options.arn;
    this.mode = options.mode ?? 'PROVISIONED';
    this.clock = options.clock;
    this.createdAt = options.clock.now();
    this.retentionHours = options.retentionHours ?? retentionHoursRange.default;
    this.maxRecordSizeKiB = options.maxRecordSizeKiB ?? maxRecordSizeKiBRange.default;
    this.shards = evenHashRanges(options.shardCount).map(({ start, end }, index) => ({
      index,
      id: `shardId-${String(index).padStart(12, '0')}`,
      start,
      end,
      firstOrdinal: 0,
      records: [],
    }));
  }

  shardIds(): string[] {
    return this.shards.map((s) => s.id);
  }

  shardInfo(): KinesisShardInfo[] {
    return this.shards.map((s) => ({ shardId: s.id, startingHashKey: s.start.toString(), endingHashKey: s.end.toString(), startingSequenceNumber: this.sequenceNumber(s, 0) }));
  }

  // 56 digits like Kinesis's: "49", the shard, the stream's creation time, the record's ordinal.
  private sequenceNumber(shard: Shard, ordinal: number): string {
    return `49${String(shard.index).padStart(6, '0')}${String(this.createdAt).padStart(15, '0')}${String(ordinal).padStart(33, '0')}`;
  }

  private ordinalOf(shard: Shard, sequenceNumber: string): number {
    const valid = typeof sequenceNumber === 'string' && /^\d{56}$/.test(sequenceNumber) && sequenceNumber.slice(0, 23) === this.sequenceNumber(shard, 0).slice(0, 23);
    if (!valid) {
      throw new KinesisError('InvalidArgumentException', `Invalid StartingSequenceNumber ${JSON.stringify(sequenceNumber)} for ${shard.id} in stream ${this.name}: use a sequence number PutRecord(s) or GetRecords returned for this shard.`);
    }
    return Number(sequenceNumber.slice(23));
  }

  private shard(shardId: string): Shard {
    const shard = this.shards.find((s) => s.id === shardId);
    if (!shard) throw new KinesisError('ResourceNotFoundException', `Shard ${shardId} in stream ${this.name} under account does not exist. Shards: ${this.shardIds().join(', ')}.`);
    return shard;
  }

  /** Appends a record to the shard its hash key falls in. */
  put(input: { partitionKey: string; data: Buffer; explicitHashKey?: string }): { shardId: string; sequenceNumber: string } {
    const shard = this.shardFor(input);
    const key = input.partitionKey;
    const now = this.clock.now();
    this.trim(shard, now);
    const ordinal = shard.firstOrdinal + shard.records.length;
    const record: KinesisRecord = { shardId: shard.id, sequenceNumber: this.sequenceNumber(shard, ordinal), partitionKey: key, data: input.data, approximateArrivalTimestamp: now };
    shard.records.push(record);
    this.tell({ kind: 'put', bytes: input.data.length + Buffer.byteLength(key) });
    for (const listener of [...this.listeners]) {
      try {
        listener(shard.id);
      } catch {
        // One listener's failure must not keep the others from hearing.
      }
    }
    return { shardId: shard.id, sequenceNumber: record.sequenceNumber };
  }

  /** Checks a record as PutRecord does (PutRecords checks them all before it puts any). */
  check(input: { partitionKey: string; data: Buffer; explicitHashKey?: string }): void {
    this.shardFor(input);
  }

  private shardFor(input: { partitionKey: string; data: Buffer; explicitHashKey?: string }): Shard {
    const key = input.partitionKey;
    if (typeof key !== 'string' || key.length < 1 || [...key].length > 256) {
      throw new KinesisError('ValidationException', `PartitionKey ${JSON.stringify(key)} must be 1 to 256 Unicode characters.`);
    }
    const size = input.data.length + Buffer.byteLength(key);
    if (size > this.maxRecordSizeKiB * 1024) {
      throw new KinesisError('ValidationException', `The record is ${size} bytes (data and partition key); stream ${this.name} takes records of at most ${this.maxRecordSizeKiB * 1024} bytes (MaxRecordSizeInKiB ${this.maxRecordSizeKiB}). Split it, or raise the stream's MaxRecordSizeInKiB (up to 10240).`);
    }
    let hash: bigint;
    if (input.explicitHashKey !== undefined) {
      if (!/^(0|[1-9]\d{0,38})$/.test(input.explicitHashKey) || BigInt(input.explicitHashKey) >= hashKeyCount) {
        throw new KinesisError('InvalidArgumentException', `ExplicitHashKey ${JSON.stringify(input.explicitHashKey)} must be a decimal number from 0 to 2^128-1.`);
      }
      hash = BigInt(input.explicitHashKey);
    } else {
      hash = partitionKeyHash(key);
    }
    return this.shards.find((s) => hash >= s.start && hash <= s.end)!;
  }

  /** A reader's starting point in a shard, as GetShardIterator's types define it. */
  position(shardId: string, start: StartingPosition): ShardPosition {
    const shard = this.shard(shardId);
    this.trim(shard, this.clock.now());
    const tip = shard.firstOrdinal + shard.records.length;
    switch (start.type) {
      case 'TRIM_HORIZON':
        return { shardId, ordinal: shard.firstOrdinal };
      case 'LATEST':
        return { shardId, ordinal: tip };
      case 'AT_SEQUENCE_NUMBER':
        return { shardId, ordinal: Math.max(shard.firstOrdinal, this.ordinalOf(shard, start.sequenceNumber)) };
      case 'AFTER_SEQUENCE_NUMBER':
        return { shardId, ordinal: Math.max(shard.firstOrdinal, this.ordinalOf(shard, start.sequenceNumber) + 1) };
      case 'AT_TIMESTAMP': {
        const at = shard.records.findIndex((r) => r.approximateArrivalTimestamp >= start.timestamp);
        return { shardId, ordinal: at < 0 ? tip : shard.firstOrdinal + at };
      }
      default:
        throw new KinesisError('InvalidArgumentException', `ShardIteratorType ${JSON.stringify((start as { type: unknown }).type)} must be AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST or AT_TIMESTAMP.`);
    }
  }

  /** Up to `limit` records from `position` (records trimmed meanwhile are skipped), and where to go on. */
  read(position: ShardPosition, limit = maxGetRecordsLimit): KinesisReadResult {
    if (!Number.isInteger(limit) || limit < 1 || limit > maxGetRecordsLimit) {
      throw new KinesisError('InvalidArgumentException', `Limit ${limit} must be a whole number from 1 to ${maxGetRecordsLimit}.`);
    }
    const shard = this.shard(position.shardId);
    const now = this.clock.now();
    this.trim(shard, now);
    const from = Math.max(position.ordinal, shard.firstOrdinal) - shard.firstOrdinal;
    const records: KinesisRecord[] = [];
    let bytes = 0;
    for (let i = from; i < shard.records.length && records.length < limit; i++) {
      const record = shard.records[i]!;
      bytes += record.data.length + Buffer.byteLength(record.partitionKey);
      if (records.length > 0 && bytes > maxGetRecordsBytes) break;
      records.push(record);
    }
    const nextOrdinal = shard.firstOrdinal + from + records.length;
    const caughtUp = nextOrdinal >= shard.firstOrdinal + shard.records.length;
    const last = records.at(-1);
    const returned = records.reduce((sum, r) => sum + r.data.length + Buffer.byteLength(r.partitionKey), 0);
    this.tell({ kind: 'read', records: records.length, bytes: returned, iteratorAgeMs: last ? Math.max(0, now - last.approximateArrivalTimestamp) : 0 });
    return {
      records,
      next: { shardId: shard.id, ordinal: nextOrdinal },
      millisBehindLatest: caughtUp || !last ? 0 : Math.max(0, now - last.approximateArrivalTimestamp),
    };
  }

  /** Records a shard holds from `position` on (what a poller has yet to read). */
  pending(position: ShardPosition): number {
    const shard = this.shard(position.shardId);
    this.trim(shard, this.clock.now());
    return Math.max(0, shard.firstOrdinal + shard.records.length - Math.max(position.ordinal, shard.firstOrdinal));
  }

  /** Calls `listener` with the shard id each time a shard gets a record; returns the unsubscribe. */
  onRecords(listener: (shardId: string) => void): () => void {
    const wrapped = (shardId: string) => listener(shardId);
    this.listeners.add(wrapped);
    return () => this.listeners.delete(wrapped);
  }

  /** Calls `listener` with each record put and each read (what AWS/Kinesis metrics count). */
  onActivity(listener: (event: KinesisActivity) => void): () => void {
    const wrapped = (event: KinesisActivity) => listener(event);
    this.activity.add(wrapped);
    return () => this.activity.delete(wrapped);
  }

  private tell(event: KinesisActivity): void {
    for (const listener of [...this.activity]) {
      try {
        listener(event);
      } catch {
        // Metrics must never fail a put or a read.
      }
    }
  }

  setRetentionHours(hours: number): void {
    if (!Number.isInteger(hours) || hours < retentionHoursRange.min || hours > retentionHoursRange.max) {
      throw new KinesisError('InvalidArgumentException', `RetentionPeriodHours ${hours} must be a whole number from ${retentionHoursRange.min} to ${retentionHoursRange.max}.`);
    }
    this.retentionHours = hours;
  }

  close(): void {
    this.listeners.clear();
    this.activity.clear();
    for (const shard of this.shards) shard.records.length = 0;
  }

  private trim(shard: Shard, now: number): void {
    const oldest = now - this.retentionHours * 3_600_000;
    let drop = 0;
    while (drop < shard.records.length && shard.records[drop]!.approximateArrivalTimestamp <= oldest) drop++;
    if (drop === 0) return;
    shard.records.splice(0, drop);
    shard.firstOrdinal += drop;
  }
}
