// Kinesis Data Streams on the local endpoint, as the SDKs speak it: AWS JSON 1.1, `X-Amz-Target:
// Kinesis_20131202.<Operation>`, errors as {"__type": "<Shape>", "message"} with status 400.
// @aws-sdk/client-kinesis (3.1143) sends it over HTTP/2 (its default NodeHttp2Handler, cleartext
// prior knowledge for an http:// endpoint), which the loopback listener accepts beside HTTP/1.1;
// boto3 sends the same JSON over HTTP/1.1. Blobs are base64, timestamps epoch seconds.
// Source: Kinesis API reference (CreateStream, PutRecord, PutRecords, GetShardIterator,
// GetRecords, ListShards, DescribeStreamSummary), as in @aws-sdk/client-kinesis's model docs.

import type { EndpointProtocol, ProtocolCall, ProtocolRequest } from '../protocols.ts';
import { KinesisError } from '../../triggers/event-sources/kinesis-error.ts';
import type { KinesisStreams } from '../../triggers/event-sources/kinesis-registry.ts';
import type { KinesisStream } from '../../triggers/event-sources/kinesis-stream.ts';
import { getRecords, getShardIterator } from './kinesis-iterators.ts';

export const kinesisContentType = 'application/x-amz-json-1.1';
const targetPrefix = 'Kinesis_20131202.';
/** PutRecords: up to 500 records, 10 MiB in all (partition keys included). */
export const maxPutRecords = 500;
export const maxPutRecordsBytes = 10 * 1024 * 1024;

export type Input = Record<string, unknown>;

const seconds = (ms: number) => ms / 1000;

function streamDescription(stream: KinesisStream): Record<string, unknown> {
  return {
    StreamName: stream.name,
    StreamARN: stream.arn,
    StreamStatus: 'ACTIVE',
    StreamModeDetails: { StreamMode: stream.mode },
    RetentionPeriodHours: stream.retentionHours,
    StreamCreationTimestamp: seconds(stream.createdAt),
    EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
    EncryptionType: 'NONE',
    MaxRecordSizeInKiB: stream.maxRecordSizeKiB,
  };
}

function shardsOf(stream: KinesisStream): object[] {
  return stream.shardInfo().map((s) => ({
    ShardId: s.shardId,
    HashKeyRange: { StartingHashKey: s.startingHashKey, EndingHashKey: s.endingHashKey },
    SequenceNumberRange: { StartingSequenceNumber: s.startingSequenceNumber },
  }));
}

function data(value: unknown): Buffer {
  if (typeof value !== 'string') throw new KinesisError('ValidationException', 'Data is required: the record\'s bytes, base64 in the request (the SDK encodes them).');
  return Buffer.from(value, 'base64');
}

function putRecord(streams: KinesisStreams, input: Input): object {
  const stream = streams.require(input);
  const put = stream.put({
    partitionKey: input.PartitionKey as string,
    data: data(input.Data),
    ...(typeof input.ExplicitHashKey === 'string' ? { explicitHashKey: input.ExplicitHashKey } : {}),
  });
  return { ShardId: put.shardId, SequenceNumber: put.sequenceNumber, EncryptionType: 'NONE' };
}

function putRecords(streams: KinesisStreams, input: Input): object {
  const stream = streams.require(input);
  const records = input.Records;
  if (!Array.isArray(records) || records.length < 1 || records.length > maxPutRecords) {
    throw new KinesisError('ValidationException', `Records must hold 1 to ${maxPutRecords} records; this request has ${Array.isArray(records) ? records.length : 'none'}.`);
  }
  const decoded = (records as Input[]).map((r): Input & { bytes: Buffer } => ({ ...r, bytes: data(r?.Data) }));
  const total = decoded.reduce((sum, r) => sum + r.bytes.length + Buffer.byteLength(String(r.PartitionKey ?? '')), 0);
  if (total > maxPutRecordsBytes) {
    throw new KinesisError('InvalidArgumentException', `The records add up to ${total} bytes; a PutRecords request may carry ${maxPutRecordsBytes} bytes (10 MiB) in all, partition keys included. Send them in several requests.`);
  }
  // Validation failures refuse the whole request before any record is put, as Kinesis's do; only
  // throughput would fail a single record.
  const inputs = decoded.map((r) => ({
    partitionKey: r.PartitionKey as string,
    data: r.bytes,
    ...(typeof r.ExplicitHashKey === 'string' ? { explicitHashKey: r.ExplicitHashKey } : {}),
  }));
  for (const input of inputs) stream.check(input);
  const placed = inputs.map((input) => stream.put(input));
  return { FailedRecordCount: 0, Records: placed.map((p) => ({ SequenceNumber: p.sequenceNumber, ShardId: p.shardId })), EncryptionType: 'NONE' };
}

function listShards(streams: KinesisStreams, input: Input): object {
  let start = 0;
  let target: Input = input;
  if (typeof input.NextToken === 'string') {
    try {
      const token = JSON.parse(Buffer.from(input.NextToken, 'base64url').toString('utf8')) as { stream: string; index: number };
      target = { StreamName: token.stream };
      start = token.index;
    } catch {
      throw new KinesisError('InvalidArgumentException', `NextToken ${JSON.stringify(input.NextToken)} is not one ListShards gave out.`);
    }
  }
  const stream = streams.require(target);
  const max = typeof input.MaxResults === 'number' ? input.MaxResults : 1000;
  if (!Number.isInteger(max) || max < 1 || max > 10_000) throw new KinesisError('InvalidArgumentException', `MaxResults ${max} must be a whole number from 1 to 10000.`);
  let shards = shardsOf(stream) as Array<{ ShardId: string }>;
  if (typeof input.ExclusiveStartShardId === 'string') shards = shards.filter((s) => s.ShardId > (input.ExclusiveStartShardId as string));
  const page = shards.slice(start, start + max);
  const more = start + max < shards.length;
  return { Shards: page, ...(more ? { NextToken: Buffer.from(JSON.stringify({ stream: stream.name, index: start + max })).toString('base64url') } : {}) };
}

function listStreams(streams: KinesisStreams, input: Input): object {
  const limit = typeof input.Limit === 'number' ? input.Limit : 100;
  const after = typeof input.ExclusiveStartStreamName === 'string' ? input.ExclusiveStartStreamName : '';
  const names = streams.names().sort().filter((n) => n > after);
  const page = names.slice(0, limit);
  return {
    StreamNames: page,
    HasMoreStreams: names.length > page.length,
    StreamSummaries: page.map((name) => {
      const stream = streams.get(name)!;
      return { StreamName: name, StreamARN: stream.arn, StreamStatus: 'ACTIVE', StreamModeDetails: { StreamMode: stream.mode }, StreamCreationTimestamp: seconds(stream.createdAt) };
    }),
  };
}

function retention(change: 'increase' | 'decrease') {
  return (streams: KinesisStreams, input: Input): object => {
    const stream = streams.require(input);
    const hours = input.RetentionPeriodHours as number;
    if (change === 'increase' ? hours < stream.retentionHours : hours > stream.retentionHours) {
      throw new KinesisError('InvalidArgumentException', `RetentionPeriodHours ${hours} would ${change === 'increase' ? 'decrease' : 'increase'} the retention of ${stream.name} (now ${stream.retentionHours} hours); use ${change === 'increase' ? 'DecreaseStreamRetentionPeriod' : 'IncreaseStreamRetentionPeriod'}.`);
    }
    stream.setRetentionHours(hours);
    return {};
  };
}

type Operation = (streams: KinesisStreams, input: Input) => object;

const operations: Record<string, Operation> = {
  CreateStream: (streams, input) => {
    const mode = (input.StreamModeDetails as { StreamMode?: 'PROVISIONED' | 'ON_DEMAND' } | undefined)?.StreamMode;
    streams.create({
      name: input.StreamName as string,
      ...(typeof input.ShardCount === 'number' ? { shardCount: input.ShardCount } : {}),
      ...(mode ? { mode } : {}),
      ...(typeof input.MaxRecordSizeInKiB === 'number' ? { maxRecordSizeKiB: input.MaxRecordSizeInKiB } : {}),
    });
    return {};
  },
  DeleteStream: (streams, input) => {
    streams.delete(streams.require(input));
    return {};
  },
  DescribeStreamSummary: (streams, input) => {
    const stream = streams.require(input);
    return { StreamDescriptionSummary: { ...streamDescription(stream), OpenShardCount: stream.shardIds().length, ConsumerCount: 0 } };
  },
  DescribeStream: (streams, input) => {
    const stream = streams.require(input);
    return { StreamDescription: { ...streamDescription(stream), Shards: shardsOf(stream), HasMoreShards: false } };
  },
  ListStreams: listStreams,
  ListShards: listShards,
  PutRecord: putRecord,
  PutRecords: putRecords,
  GetShardIterator: getShardIterator,
  GetRecords: getRecords,
  IncreaseStreamRetentionPeriod: retention('increase'),
  DecreaseStreamRetentionPeriod: retention('decrease'),
};

function send(call: ProtocolCall, status: number, body: object): void {
  const text = JSON.stringify(body);
  call.res.writeHead(status, { 'Content-Type': kinesisContentType, 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': call.requestId });
  call.res.end(text);
}

export function kinesisProtocol(streams: KinesisStreams): EndpointProtocol {
  return {
    name: 'Kinesis',
    operations: Object.keys(operations),
    claims: (request: ProtocolRequest) => request.target?.startsWith(targetPrefix) === true,
    async answer(call: ProtocolCall): Promise<string> {
      const operation = call.target!.slice(targetPrefix.length);
      try {
        const run = operations[operation];
        if (!run) throw new KinesisError('InvalidArgumentException', `Kinesis here does not serve ${operation}. It serves ${Object.keys(operations).join(', ')}.`);
        let input: Input;
        try {
          input = call.body.length === 0 ? {} : (JSON.parse(call.body.toString('utf8')) as Input);
        } catch {
          throw new KinesisError('ValidationException', `The ${operation} request body is not JSON; Kinesis takes a JSON object.`);
        }
        send(call, 200, run(streams, input ?? {}));
      } catch (error) {
        if (error instanceof KinesisError) send(call, 400, { __type: error.code, message: error.message });
        else send(call, 500, { __type: 'InternalFailure', message: `The local Kinesis failed on ${operation}: ${(error as Error).message}` });
      }
      return `Kinesis ${operation} ${call.res.statusCode}`;
    },
  };
}
