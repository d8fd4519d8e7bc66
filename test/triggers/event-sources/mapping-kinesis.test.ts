// Kinesis event source mappings against real functions: Lambda's Kinesis event, one batch in
// flight per shard (per partition-key lane with a ParallelizationFactor), a failing batch that
// blocks its shard until retries, bisection or record age give it up to the on-failure
// destination, partial batch responses by sequence number, and IteratorAge, on the stack clock.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../src/runtime/clock.ts';
import type { LogEvent } from '../../../src/runtime/types.ts';
import { KinesisStreams } from '../../../src/triggers/event-sources/kinesis-registry.ts';
import { hashKeyCount } from '../../../src/triggers/event-sources/kinesis-stream.ts';
import type { MappingInput } from '../../../src/triggers/event-sources/mapping-config.ts';
import { EventSourceMappings } from '../../../src/triggers/event-sources/mapping-registry.ts';
import { SqsQueues } from '../../../src/triggers/event-sources/sqs-registry.ts';
import { servicePort } from '../../../src/triggers/ports/service-port.ts';
import { useService } from '../../support/service.ts';

const service = useService();
const code = mkdtempSync(join(tmpdir(), 'mapping-kinesis-'));
afterAll(() => rmSync(code, { recursive: true, force: true }));

// Logs the data it got; "poison" anywhere in the batch throws; "bad*" records are reported
// failed by sequence number; "slow" takes 300 ms.
writeFileSync(
  join(code, 'consumer.mjs'),
  `export const handler = async (event) => {
  const data = event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString());
  console.log('EVENT ' + JSON.stringify({ data, records: event.Records }));
  if (data.includes('slow')) await new Promise((r) => setTimeout(r, 300));
  if (data.includes('poison')) throw new Error('poison record');
  return { batchItemFailures: event.Records.filter((r, i) => data[i].startsWith('bad')).map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })) };
};`,
);

let count = 0;
async function setUp(shardCount = 1) {
  const clock = new SimulatedClock();
  const streams = new KinesisStreams({ region: 'us-east-1', accountId: '123456789012', clock });
  const queues = new SqsQueues({ region: 'us-east-1', accountId: '123456789012', endpointUrl: 'http://127.0.0.1:4566', clock });
  const name = `kconsumer-${++count}`;
  await service().createFunction({ FunctionName: name, Runtime: 'nodejs22.x', Handler: 'consumer.handler', Code: { Directory: code } });
  const mappings = new EventSourceMappings({ port: servicePort(service()), clock, sources: { queue: (arn) => queues.byArn(arn), stream: (arn) => streams.byArn(arn) } });
  const batches: Array<{ data: string[]; records: Array<Record<string, any>> }> = [];
  const lines: LogEvent[] = [];
  const onLog = (event: LogEvent) => {
    if (event.functionName !== name) return;
    lines.push(event);
    if (event.stream === 'function' && event.message.includes('EVENT ')) batches.push(JSON.parse(event.message.slice(event.message.indexOf('EVENT ') + 6)));
  };
  service().on('log', onLog);
  const stream = streams.create({ name: `s${count}`, shardCount });
  const dlq = queues.create(`failures${count}`);
  const map = (input: Partial<MappingInput> = {}) => mappings.create({ EventSourceArn: stream.arn, FunctionName: name, StartingPosition: 'TRIM_HORIZON', ...input });
  const put = (data: string, partitionKey = 'k', explicitHashKey?: string) => stream.put({ partitionKey, data: Buffer.from(data), ...(explicitHashKey ? { explicitHashKey } : {}) });
  const done = async () => {
    service().off('log', onLog);
    await mappings.close();
    streams.close();
    queues.close();
    clock.clear();
  };
  return { clock, stream, dlq, name, mappings, map, put, batches, lines, done };
}

/** Waits for a condition, moving the stack clock forward `stepMs` each round (retry waits are on it). */
async function until(condition: () => boolean, what: string, clock?: SimulatedClock, stepMs = 0, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
    if (clock && stepMs > 0) clock.advance(stepMs);
  }
}

const settle = () => new Promise((r) => setTimeout(r, 300));

function peakConcurrency(lines: LogEvent[]): number {
  let running = 0;
  let peak = 0;
  for (const line of lines) {
    if (line.message.startsWith('START')) peak = Math.max(peak, ++running);
    if (line.message.startsWith('END')) running -= 1;
  }
  return peak;
}

const dataOf = (t: { batches: Array<{ data: string[] }> }) => t.batches.map((b) => b.data);

describe('Kinesis event source mapping', () => {
  it("invokes the function with Lambda's Kinesis event, from the oldest record with TRIM_HORIZON", async () => {
    const t = await setUp();
    try {
      const put = t.put('hello', 'user-1');
      t.clock.advance(5000);
      const mapping = await t.map({ BatchSize: 10 });
      expect(mapping).toMatchObject({ StartingPosition: 'TRIM_HORIZON', ParallelizationFactor: 1, MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: -1, BisectBatchOnFunctionError: false });
      await until(() => t.batches.length === 1, 'the event');
      const [record] = t.batches[0]!.records;
      expect(record).toMatchObject({
        kinesis: { kinesisSchemaVersion: '1.0', partitionKey: 'user-1', sequenceNumber: put.sequenceNumber, data: Buffer.from('hello').toString('base64') },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `${put.shardId}:${put.sequenceNumber}`,
        eventName: 'aws:kinesis:record',
        awsRegion: 'us-east-1',
        eventSourceARN: t.stream.arn,
      });
      expect(typeof record!.kinesis.approximateArrivalTimestamp).toBe('number');
      expect(record!.invokeIdentityArn).toMatch(/^arn:aws:iam::123456789012:role\//);
      // IteratorAge: the record waited 5 s on the stack clock before its batch was done.
      await until(() => t.mappings.activity(mapping.UUID).completed === 1, 'the checkpoint');
      expect(t.mappings.activity(mapping.UUID).iteratorAgeMs).toBeGreaterThanOrEqual(5000);
    } finally {
      await t.done();
    }
  });

  it('with LATEST reads only records put after the mapping started', async () => {
    const t = await setUp();
    try {
      t.put('old');
      await t.map({ StartingPosition: 'LATEST' });
      await settle();
      t.put('new');
      await until(() => t.batches.length === 1, 'the new record');
      await settle();
      expect(dataOf(t)).toEqual([['new']]);
    } finally {
      await t.done();
    }
  });

  it('waits for the batching window on the stack clock, and AT_TIMESTAMP starts at the first record from that time', async () => {
    const t = await setUp();
    try {
      t.put('before');
      t.clock.advance(60_000);
      const at = t.clock.now();
      t.put('from-then');
      await t.map({ StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: at / 1000, BatchSize: 10, MaximumBatchingWindowInSeconds: 30 });
      t.put('later');
      await settle();
      expect(t.batches).toEqual([]);
      t.clock.advance(30_000);
      await until(() => t.batches.length === 1, 'the batch');
      expect(dataOf(t)).toEqual([['from-then', 'later']]);
    } finally {
      await t.done();
    }
  });

  it('with FilterCriteria passes over the records no filter matches, by their JSON data', async () => {
    const t = await setUp();
    try {
      for (const type of ['click', 'view', 'click']) t.put(JSON.stringify({ type }));
      t.put('not json');
      await t.map({ BatchSize: 10, FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ data: { type: ['click'] } }) }] } });
      await until(() => t.batches.length === 1, 'the batch');
      await settle();
      expect(dataOf(t)).toEqual([['{"type":"click"}', '{"type":"click"}']]);
    } finally {
      await t.done();
    }
  });

  it('keeps one batch in flight per shard, each shard in order, shards side by side', async () => {
    const t = await setUp(2);
    try {
      const secondShard = (hashKeyCount / 2n + 1n).toString();
      for (let i = 0; i < 3; i++) {
        t.put(`slow`, 'a', '0');
        t.put(`slow`, 'b', secondShard);
      }
      for (let i = 0; i < 3; i++) {
        t.put(`a${i}`, 'a', '0');
        t.put(`b${i}`, 'b', secondShard);
      }
      await t.map({ BatchSize: 1 });
      await until(() => t.batches.length === 12, 'twelve batches');
      expect(peakConcurrency(t.lines)).toBe(2);
      const seen = dataOf(t).flat();
      expect(seen.filter((d) => d.startsWith('a'))).toEqual(['a0', 'a1', 'a2']);
      expect(seen.filter((d) => d.startsWith('b'))).toEqual(['b0', 'b1', 'b2']);
    } finally {
      await t.done();
    }
  });

  it('with ParallelizationFactor runs several batches of one shard at once, each partition key still in order', async () => {
    const t = await setUp(1);
    try {
      for (const key of ['k1', 'k2', 'k3', 'k4', 'k5', 'k6']) t.put('slow', key);
      for (let i = 0; i < 3; i++) for (const key of ['k1', 'k2', 'k3', 'k4', 'k5', 'k6']) t.put(`${key}-${i}`, key);
      await t.map({ BatchSize: 1, ParallelizationFactor: 3 });
      await until(() => t.batches.length === 24, 'all batches', undefined, 0, 60_000);
      const peak = peakConcurrency(t.lines);
      expect(peak).toBeGreaterThan(1);
      expect(peak).toBeLessThanOrEqual(3);
      const seen = dataOf(t).flat();
      for (const key of ['k1', 'k2', 'k3', 'k4', 'k5', 'k6']) expect(seen.filter((d) => d.startsWith(`${key}-`))).toEqual([`${key}-0`, `${key}-1`, `${key}-2`]);
    } finally {
      await t.done();
    }
  }, 90_000);

  it('blocks the shard behind a failing batch until MaximumRetryAttempts runs out, then describes it to the on-failure destination and goes on', async () => {
    const t = await setUp();
    try {
      t.put('poison');
      t.put('after');
      const mapping = await t.map({ BatchSize: 1, MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: t.dlq.arn } } });
      await until(() => dataOf(t).flat().includes('after'), 'the record after the poison', t.clock, 5000);
      // One attempt and two retries, all before the next record.
      expect(dataOf(t)).toEqual([['poison'], ['poison'], ['poison'], ['after']]);
      const [message] = await t.dlq.receive();
      const record = JSON.parse(message!.body);
      expect(record).toMatchObject({
        requestContext: { functionArn: mapping.FunctionArn, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        version: '1.0',
        KinesisBatchInfo: { shardId: 'shardId-000000000000', batchSize: 1, streamArn: t.stream.arn, startSequenceNumber: t.batches[0]!.records[0]!.kinesis.sequenceNumber },
      });
    } finally {
      await t.done();
    }
  });

  it('with BisectBatchOnFunctionError splits a failing batch until only the poison record is given up', async () => {
    const t = await setUp();
    try {
      for (const d of ['a', 'poison', 'b', 'c']) t.put(d);
      await t.map({ BatchSize: 4, MaximumRetryAttempts: 0, BisectBatchOnFunctionError: true, DestinationConfig: { OnFailure: { Destination: t.dlq.arn } } });
      await until(() => dataOf(t).some((d) => d.join() === 'b,c'), 'the last half', t.clock, 5000);
      expect(dataOf(t)).toEqual([['a', 'poison', 'b', 'c'], ['a', 'poison'], ['a'], ['poison'], ['b', 'c']]);
      const [message] = await t.dlq.receive();
      expect(JSON.parse(message!.body).KinesisBatchInfo.batchSize).toBe(1);
    } finally {
      await t.done();
    }
  });

  it('gives up records older than MaximumRecordAgeInSeconds, on the stack clock, with condition RecordAgeExceeded', async () => {
    const t = await setUp();
    try {
      t.put('poison');
      await t.map({ BatchSize: 1, MaximumRecordAgeInSeconds: 60, DestinationConfig: { OnFailure: { Destination: t.dlq.arn } } });
      await until(() => t.dlq.counts().visible === 1, 'the expired record', t.clock, 10_000);
      const [message] = await t.dlq.receive();
      expect(JSON.parse(message!.body).requestContext.condition).toBe('RecordAgeExceeded');
    } finally {
      await t.done();
    }
  });

  it('keeps retrying a batch whose invoke is refused (the function is gone) past MaximumRetryAttempts, until the record age gives it up', async () => {
    const t = await setUp();
    try {
      await t.map({ BatchSize: 1, MaximumRetryAttempts: 0, MaximumRecordAgeInSeconds: 60, DestinationConfig: { OnFailure: { Destination: t.dlq.arn } } });
      await service().deleteFunction(t.name);
      t.put('orphan');
      await until(() => t.dlq.counts().visible === 1, 'the expired record', t.clock, 10_000);
      const [message] = await t.dlq.receive();
      // Not RetryAttemptsExhausted: MaximumRetryAttempts counts function errors, not refused invokes.
      expect(JSON.parse(message!.body).requestContext).toMatchObject({ condition: 'RecordAgeExceeded', approximateInvokeCount: 0 });
    } finally {
      await t.done();
    }
  });

  it('with ReportBatchItemFailures checkpoints before the lowest failed sequence number and retries from there', async () => {
    const t = await setUp();
    try {
      for (const d of ['ok-1', 'bad-1', 'ok-2']) t.put(d);
      await t.map({ BatchSize: 3, FunctionResponseTypes: ['ReportBatchItemFailures'], MaximumRetryAttempts: 1 });
      const mapping = t.mappings.list()[0]!;
      await until(() => t.mappings.activity(mapping.UUID).completed === 3, 'the give-up', t.clock, 5000);
      await settle();
      // The retry starts at bad-1; ok-1 was checkpointed. After one retry the rest is given up.
      expect(dataOf(t)).toEqual([['ok-1', 'bad-1', 'ok-2'], ['bad-1', 'ok-2']]);
      expect(t.mappings.get(mapping.UUID).LastProcessingResult).toBe('PROBLEM: Function call failed');
    } finally {
      await t.done();
    }
  });

  it('refuses stream settings outside Lambda ranges, naming the value and the rule', async () => {
    const t = await setUp();
    try {
      const refusal = (input: Partial<MappingInput>) => t.map(input).then(() => 'accepted', (e: Error) => e.message);
      expect(await refusal({ ParallelizationFactor: 11 })).toMatch(/ParallelizationFactor 11 is out of range: .* from 1 to 10/);
      expect(await refusal({ StartingPosition: undefined })).toMatch(/StartingPosition undefined is not valid for a Kinesis stream: use TRIM_HORIZON/);
      expect(await refusal({ MaximumRecordAgeInSeconds: 30 })).toMatch(/MaximumRecordAgeInSeconds 30 is out of range: .* -1 \(no limit\) or from 60 to 604800/);
      expect(await refusal({ MaximumRetryAttempts: 10_001 })).toMatch(/MaximumRetryAttempts 10001 is out of range/);
      expect(await refusal({ ScalingConfig: { MaximumConcurrency: 5 } })).toMatch(/ScalingConfig applies to SQS queues only/);
    } finally {
      await t.done();
    }
  });
});
