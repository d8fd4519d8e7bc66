// Shard iterators: GetShardIterator hands out an opaque token naming a stream, a shard and a
// position; GetRecords reads from it and hands out the next one. A token expires 5 minutes after
// it was given (ExpiredIteratorException), on the stack's clock, so a lab can show it.
// Source: Kinesis API reference GetShardIterator ("A shard iterator expires 5 minutes after it is
// returned to the requester"), GetRecords (Limit up to 10,000, MillisBehindLatest).

import { KinesisError } from '../../triggers/event-sources/kinesis-error.ts';
import type { KinesisStreams } from '../../triggers/event-sources/kinesis-registry.ts';
import type { ShardPosition, StartingPosition } from '../../triggers/event-sources/kinesis-stream.ts';
import type { Input } from './kinesis-protocol.ts';

export const iteratorLifetimeMs = 5 * 60_000;

interface IteratorToken {
  /** Stream name and creation time: a token of a deleted and re-created stream is refused. */
  n: string;
  c: number;
  s: string;
  o: number;
  /** When it was given, clock ms. */
  t: number;
}

function encode(streams: KinesisStreams, name: string, createdAt: number, position: ShardPosition): string {
  const token: IteratorToken = { n: name, c: createdAt, s: position.shardId, o: position.ordinal, t: streams.clock.now() };
  return Buffer.from(JSON.stringify(token)).toString('base64');
}

function decode(text: unknown): IteratorToken {
  try {
    const token = JSON.parse(Buffer.from(String(text), 'base64').toString('utf8')) as IteratorToken;
    if (typeof token.n === 'string' && typeof token.s === 'string' && Number.isInteger(token.o) && typeof token.t === 'number') return token;
  } catch {
    // answered below
  }
  throw new KinesisError('InvalidArgumentException', `ShardIterator ${JSON.stringify(String(text).slice(0, 40))} is not one GetShardIterator or GetRecords gave out.`);
}

const types = ['AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER', 'TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'];

export function getShardIterator(streams: KinesisStreams, input: Input): object {
  const stream = streams.require(input);
  const type = input.ShardIteratorType;
  let start: StartingPosition;
  if (type === 'TRIM_HORIZON' || type === 'LATEST') start = { type };
  else if (type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER') {
    if (typeof input.StartingSequenceNumber !== 'string') throw new KinesisError('InvalidArgumentException', `${type} needs StartingSequenceNumber.`);
    start = { type, sequenceNumber: input.StartingSequenceNumber };
  } else if (type === 'AT_TIMESTAMP') {
    if (typeof input.Timestamp !== 'number') throw new KinesisError('InvalidArgumentException', 'AT_TIMESTAMP needs Timestamp (epoch seconds; the SDK converts a Date).');
    start = { type, timestamp: Math.round(input.Timestamp * 1000) }; // seconds with a fraction: back to whole ms
  } else {
    throw new KinesisError('InvalidArgumentException', `ShardIteratorType ${JSON.stringify(type)} must be one of ${types.join(', ')}.`);
  }
  if (typeof input.ShardId !== 'string') throw new KinesisError('InvalidArgumentException', `ShardId is required; stream ${stream.name} has ${stream.shardIds().join(', ')}.`);
  const position = stream.position(input.ShardId, start);
  return { ShardIterator: encode(streams, stream.name, stream.createdAt, position) };
}

export function getRecords(streams: KinesisStreams, input: Input): object {
  const token = decode(input.ShardIterator);
  const age = streams.clock.now() - token.t;
  if (age > iteratorLifetimeMs) {
    throw new KinesisError('ExpiredIteratorException', `Iterator expired: it was given ${Math.round(age / 1000)} s ago and lives 5 minutes. Get a new one with GetShardIterator (AFTER_SEQUENCE_NUMBER the last record you read).`);
  }
  const stream = streams.get(token.n);
  if (!stream || stream.createdAt !== token.c) throw new KinesisError('ResourceNotFoundException', `Stream ${token.n} under account ${streams.accountId} not found (deleted since the iterator was given).`);
  const limit = input.Limit === undefined ? undefined : (input.Limit as number);
  const read = stream.read({ shardId: token.s, ordinal: token.o }, limit);
  return {
    Records: read.records.map((r) => ({
      SequenceNumber: r.sequenceNumber,
      ApproximateArrivalTimestamp: r.approximateArrivalTimestamp / 1000,
      Data: r.data.toString('base64'),
      PartitionKey: r.partitionKey,
    })),
    NextShardIterator: encode(streams, stream.name, stream.createdAt, read.next),
    MillisBehindLatest: read.millisBehindLatest,
  };
}
