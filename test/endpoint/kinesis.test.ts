// Kinesis streams from a template, on the endpoint, driven by the official @aws-sdk/client-kinesis
// with its default settings: AWS JSON 1.1 over cleartext HTTP/2 (its NodeHttp2Handler), on the same
// port that serves everything else over HTTP/1.1. The stack's clock moves past retention and
// iterator lifetimes.

import {
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  ListStreamsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  CreateStreamCommand,
  DecreaseStreamRetentionPeriodCommand,
  IncreaseStreamRetentionPeriodCommand,
} from '@aws-sdk/client-kinesis';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { anyCredentials } from '../support/endpoint.ts';
import { useStartedTemplate } from '../support/started-template.ts';

const template = `
Resources:
  Clicks:
    Type: AWS::Kinesis::Stream
    Properties:
      Name: clicks
      ShardCount: 4
  Audit:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1
      RetentionPeriodHours: 48
`;

const started = useStartedTemplate({ 'template.yaml': template });
const kinesis = () => new KinesisClient({ endpoint: started().endpoint.url, region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 });
const auditName = () => (started().parts.outputs.streams!.Audit as { name: string }).name;
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: Error & { $metadata?: { httpStatusCode?: number } }) => ({ name: e.name, message: e.message, status: e.$metadata?.httpStatusCode }),
  );

async function readAll(client: KinesisClient, StreamName: string, ShardId: string, type: 'TRIM_HORIZON' | 'LATEST' = 'TRIM_HORIZON') {
  const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName, ShardId, ShardIteratorType: type }));
  return client.send(new GetRecordsCommand({ ShardIterator }));
}

describe('a template stream on the endpoint, through the official SDK over HTTP/2', () => {
  it('gives Ref the name, GetAtt Arn, and an outputs entry with the shard count', () => {
    const { stack } = started();
    expect(stack.references('Clicks')).toEqual({ ref: 'clicks', attributes: { Arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks' } });
    expect(started().parts.outputs.streams!.Clicks).toEqual({ name: 'clicks', arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks', shards: 4 });
  });

  it('describes the stream and lists shards whose hash key ranges split 0..2^128-1 evenly', async () => {
    const client = kinesis();
    const { StreamDescriptionSummary } = await client.send(new DescribeStreamSummaryCommand({ StreamName: 'clicks' }));
    expect(StreamDescriptionSummary).toMatchObject({ StreamName: 'clicks', StreamStatus: 'ACTIVE', OpenShardCount: 4, RetentionPeriodHours: 24, StreamModeDetails: { StreamMode: 'PROVISIONED' } });
    expect(StreamDescriptionSummary!.StreamCreationTimestamp).toBeInstanceOf(Date);
    const { Shards } = await client.send(new ListShardsCommand({ StreamName: 'clicks' }));
    expect(Shards!.map((s) => s.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002', 'shardId-000000000003']);
    expect(Shards![1]!.HashKeyRange).toEqual({ StartingHashKey: String(1n << 126n), EndingHashKey: String((2n << 126n) - 1n) });
    expect(Shards![3]!.HashKeyRange!.EndingHashKey).toBe(String((1n << 128n) - 1n));
  });

  it('puts each record in the shard its partition key MD5 falls in, and reads them back in order per shard', async () => {
    const client = kinesis();
    const { Shards } = await client.send(new ListShardsCommand({ StreamName: 'clicks' }));
    const shardOf = (key: string) => {
      const hash = BigInt(`0x${createHash('md5').update(key).digest('hex')}`);
      return Shards!.find((s) => hash >= BigInt(s.HashKeyRange!.StartingHashKey!) && hash <= BigInt(s.HashKeyRange!.EndingHashKey!))!.ShardId;
    };
    const keys = ['user-1', 'user-2', 'user-3', 'user-4', 'user-5', 'user-6', 'user-7', 'user-8'];
    const put = await client.send(new PutRecordsCommand({ StreamName: 'clicks', Records: keys.map((key, i) => ({ PartitionKey: key, Data: Buffer.from(`click ${i}`) })) }));
    expect(put.FailedRecordCount).toBe(0);
    put.Records!.forEach((r, i) => expect(r.ShardId).toBe(shardOf(keys[i]!)));
    const again = await client.send(new PutRecordCommand({ StreamName: 'clicks', PartitionKey: 'user-1', Data: Buffer.from('click 8') }));
    expect(again.ShardId).toBe(shardOf('user-1'));
    const read = await readAll(client, 'clicks', again.ShardId!);
    const texts = read.Records!.map((r) => Buffer.from(r.Data!).toString());
    const expected = keys.map((k, i) => [k, `click ${i}`] as const).filter(([k]) => shardOf(k) === again.ShardId).map(([, t]) => t);
    expect(texts).toEqual([...expected, 'click 8']);
    const sequence = read.Records!.map((r) => BigInt(r.SequenceNumber!));
    expect(sequence).toEqual([...sequence].sort((a, b) => (a < b ? -1 : 1)));
    expect(read.Records![0]!.ApproximateArrivalTimestamp).toBeInstanceOf(Date);
    expect(read.MillisBehindLatest).toBe(0);
  });

  it('starts AFTER_SEQUENCE_NUMBER right after a record, AT_TIMESTAMP at the first record that arrived then, and LATEST only sees what comes next', async () => {
    const client = kinesis();
    const stream = auditName();
    const first = await client.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'a', Data: Buffer.from('one') }));
    started().parts.clock.advance(1000); // 'two' arrives a second later, so AT_TIMESTAMP can tell them apart
    await client.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'a', Data: Buffer.from('two') }));
    const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: first.ShardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: first.SequenceNumber }));
    const after = await client.send(new GetRecordsCommand({ ShardIterator }));
    expect(after.Records!.map((r) => Buffer.from(r.Data!).toString())).toEqual(['two']);
    const atTime = await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: first.ShardId, ShardIteratorType: 'AT_TIMESTAMP', Timestamp: after.Records![0]!.ApproximateArrivalTimestamp }));
    const since = await client.send(new GetRecordsCommand({ ShardIterator: atTime.ShardIterator }));
    expect(since.Records!.map((r) => Buffer.from(r.Data!).toString())).toEqual(['two']);
    const latest = await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: first.ShardId, ShardIteratorType: 'LATEST' }));
    expect((await client.send(new GetRecordsCommand({ ShardIterator: latest.ShardIterator }))).Records).toEqual([]);
    await client.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'a', Data: Buffer.from('three') }));
    const next = await client.send(new GetRecordsCommand({ ShardIterator: latest.ShardIterator }));
    expect(next.Records!.map((r) => Buffer.from(r.Data!).toString())).toEqual(['three']);
  });

  it('expires a shard iterator 5 minutes after it was given, on the stack clock', async () => {
    const client = kinesis();
    const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName: 'clicks', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
    started().parts.clock.advance(5 * 60_000 + 1000);
    const expired = await failure(client.send(new GetRecordsCommand({ ShardIterator })));
    expect(expired).toMatchObject({ name: 'ExpiredIteratorException', status: 400 });
  });

  it('changes the retention period with Increase/DecreaseStreamRetentionPeriod, refusing the wrong direction', async () => {
    const client = kinesis();
    await client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'clicks', RetentionPeriodHours: 72 }));
    expect((await client.send(new DescribeStreamSummaryCommand({ StreamName: 'clicks' }))).StreamDescriptionSummary!.RetentionPeriodHours).toBe(72);
    const wrongWay = await failure(client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'clicks', RetentionPeriodHours: 48 })));
    expect(wrongWay).toMatchObject({ name: 'InvalidArgumentException' });
    expect(wrongWay!.message).toMatch(/use DecreaseStreamRetentionPeriod/);
    await client.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: 'clicks', RetentionPeriodHours: 24 }));
    expect(await failure(client.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: 'clicks', RetentionPeriodHours: 12 })))).toMatchObject({ name: 'InvalidArgumentException' });
  });

  it('trims records once they are older than the stream retention period', async () => {
    const client = kinesis();
    const stream = auditName();
    const shard = (await client.send(new ListShardsCommand({ StreamName: stream }))).Shards![0]!.ShardId!;
    expect((await readAll(client, stream, shard)).Records!.length).toBeGreaterThan(0);
    started().parts.clock.advance(48 * 3_600_000);
    expect((await readAll(client, stream, shard)).Records).toEqual([]);
  });

  it('answers an unknown stream with ResourceNotFoundException in Kinesis shape, and a taken name with ResourceInUseException', async () => {
    const client = kinesis();
    const missing = await failure(client.send(new PutRecordCommand({ StreamName: 'nope', PartitionKey: 'k', Data: Buffer.from('x') })));
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException', status: 400 });
    expect(missing!.message).toMatch(/Stream nope under account 123456789012 not found/);
    const taken = await failure(client.send(new CreateStreamCommand({ StreamName: 'clicks', ShardCount: 1 })));
    expect(taken).toMatchObject({ name: 'ResourceInUseException' });
    await client.send(new CreateStreamCommand({ StreamName: 'made-by-sdk', ShardCount: 2 }));
    expect((await client.send(new ListStreamsCommand({}))).StreamNames).toContain('made-by-sdk');
  });

  it('takes a PutRecords of 9 MiB over HTTP/2 (beyond its flow-control windows) and refuses one over 10 MiB', async () => {
    const client = kinesis();
    const records = Array.from({ length: 9 }, (_, i) => ({ PartitionKey: `big-${i}`, Data: Buffer.alloc(1024 * 1024 - 16, i) }));
    const put = await client.send(new PutRecordsCommand({ StreamName: 'clicks', Records: records }));
    expect(put.Records).toHaveLength(9);
    const tooMuch = await failure(client.send(new PutRecordsCommand({ StreamName: 'clicks', Records: [...records, ...records.slice(0, 2)] })));
    expect(tooMuch).toMatchObject({ name: 'InvalidArgumentException', status: 400 });
    expect(tooMuch!.message).toMatch(/10 MiB/);
  });

  it('refuses a PutRecords with one bad record whole: none of its records is put', async () => {
    const client = kinesis();
    await client.send(new CreateStreamCommand({ StreamName: 'all-or-nothing', ShardCount: 1 }));
    const records = [{ PartitionKey: 'ok', Data: Buffer.from('1') }, { PartitionKey: 'x'.repeat(257), Data: Buffer.from('2') }];
    const refused = await failure(client.send(new PutRecordsCommand({ StreamName: 'all-or-nothing', Records: records })));
    expect(refused).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(refused!.message).toMatch(/1 to 256 Unicode characters/);
    expect((await readAll(client, 'all-or-nothing', 'shardId-000000000000')).Records).toEqual([]);
  });

  it('refuses a record over the stream maximum (1 MiB unless set), naming the limit', async () => {
    const refused = await failure(kinesis().send(new PutRecordCommand({ StreamName: 'clicks', PartitionKey: 'k', Data: Buffer.alloc(1024 * 1024) })));
    expect(refused).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(refused!.message).toMatch(/1048577 bytes.*at most 1048576/);
  });

  it("receives the SDK's requests over HTTP/2, as the SDK sends them by default", async () => {
    const protocol = started().endpoint.protocols.list().find((p) => p.name === 'Kinesis')!;
    const answer = protocol.answer;
    const versions: string[] = [];
    protocol.answer = (call) => {
      versions.push(call.req.httpVersion);
      return answer(call);
    };
    try {
      await kinesis().send(new ListStreamsCommand({}));
    } finally {
      protocol.answer = answer;
    }
    expect(versions).toEqual(['2.0']);
  });

  it('answers over HTTP/1.1 too (boto3 and others), with the same JSON', async () => {
    const response = await fetch(started().endpoint.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'Kinesis_20131202.DescribeStreamSummary' },
      body: JSON.stringify({ StreamName: 'nope' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await response.json()).toMatchObject({ __type: 'ResourceNotFoundException' });
  });
});
