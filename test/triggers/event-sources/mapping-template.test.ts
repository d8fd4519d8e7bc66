// Event source mappings started from a SAM template, as `serve` starts them, fed by the official
// SQS and Kinesis clients over the endpoint: a Node.js consumer of a queue with partial batch
// responses, a Python consumer of a stream through AWS::Lambda::EventSourceMapping, and a
// function that feeds its own queue, which Lambda's recursive loop detection stops after 16
// invocations (the message then goes the way of any failed message: back to the queue, then to
// its dead-letter queue after maxReceiveCount).

import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { describe, expect, it } from 'vitest';
import type { RecursiveInvocationDropped } from '../../../src/runtime/service.ts';
import type { LogEvent } from '../../../src/runtime/types.ts';
import { anyCredentials } from '../../support/endpoint.ts';
import { useStartedTemplate } from '../../support/started-template.ts';

const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 30
  Consumer:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: orders-consumer
      InlineCode: |
        exports.handler = async (event) => {
          console.log('ORDERS ' + event.Records.map((r) => r.body).join(','));
          return { batchItemFailures: event.Records.filter((r) => r.body.startsWith('bad')).map((r) => ({ itemIdentifier: r.messageId })) };
        };
      Handler: index.handler
      Runtime: nodejs22.x
      Events:
        FromOrders:
          Type: SQS
          Properties:
            Queue: !GetAtt Orders.Arn
            BatchSize: 10
            FunctionResponseTypes: [ReportBatchItemFailures]
  Loop:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 30
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt LoopDeadLetters.Arn
        maxReceiveCount: 2
  LoopDeadLetters:
    Type: AWS::SQS::Queue
  Looper:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: looper
      InlineCode: |
        const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
        const sqs = new SQSClient({});
        exports.handler = async (event) => {
          for (const record of event.Records) {
            console.log('LOOP ' + record.body + ' ' + (record.attributes.AWSTraceHeader || ''));
            await sqs.send(new SendMessageCommand({ QueueUrl: process.env.LOOP_URL, MessageBody: record.body }));
          }
        };
      Handler: index.handler
      Runtime: nodejs22.x
      Environment:
        Variables:
          LOOP_URL: !Ref Loop
      Events:
        FromLoop:
          Type: SQS
          Properties:
            Queue: !GetAtt Loop.Arn
            BatchSize: 1
  Aliased:
    Type: AWS::SQS::Queue
  LiveConsumer:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: live-consumer
      AutoPublishAlias: live
      InlineCode: |
        exports.handler = async (event, context) => { console.log('LIVE ' + context.invokedFunctionArn); };
      Handler: index.handler
      Runtime: nodejs22.x
      Events:
        FromAliased:
          Type: SQS
          Properties:
            Queue: !GetAtt Aliased.Arn
  Clicks:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 2
  ClickCounter:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: click-counter
      InlineCode: |
        import base64
        def handler(event, context):
            for r in event['Records']:
                print('CLICK', r['kinesis']['partitionKey'], base64.b64decode(r['kinesis']['data']).decode(), r['eventID'].split(':')[0])
      Handler: index.handler
      Runtime: python3.12
  ClickMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !GetAtt Clicks.Arn
      FunctionName: !Ref ClickCounter
      StartingPosition: TRIM_HORIZON
      BatchSize: 100
Outputs:
  MappingId:
    Value: !Ref ClickMapping
`;

const started = useStartedTemplate({ 'template.yaml': template });
const client = { endpoint: '', region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 };
const sqs = () => new SQSClient({ ...client, endpoint: started().endpoint.url });
// HTTP/1.1 (the client's default is HTTP/2, which the endpoint's listener serves once the
// streams part's HTTP/2 support lands; boto3 speaks HTTP/1.1 to Kinesis anyway).
const kinesis = () => new KinesisClient({ ...client, endpoint: started().endpoint.url, requestHandler: new NodeHttpHandler() });
const cloudwatch = () => new CloudWatchClient({ ...client, endpoint: started().endpoint.url });
const queueUrl = (logicalId: string) => (started().parts.outputs.queues![logicalId] as { url: string }).url;

/** Function output lines of one function, as they arrive. */
function watch(functionName: string, prefix: string): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  const onLog = (event: LogEvent) => {
    if (event.functionName === functionName && event.stream === 'function' && event.message.includes(prefix)) lines.push(event.message.slice(event.message.indexOf(prefix)).trim());
  };
  started().endpoint.service.on('log', onLog);
  return { lines, stop: () => started().endpoint.service.off('log', onLog) };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 40_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function depth(logicalId: string): Promise<{ visible: number; inFlight: number }> {
  const out = await sqs().send(new GetQueueAttributesCommand({ QueueUrl: queueUrl(logicalId), AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return { visible: Number(out.Attributes!.ApproximateNumberOfMessages), inFlight: Number(out.Attributes!.ApproximateNumberOfMessagesNotVisible) };
}

describe('event source mappings from a template', () => {
  it('a queue fed by the SQS client reaches its function; the message it reports failed comes back after the visibility timeout', async () => {
    const seen = watch('orders-consumer', 'ORDERS ');
    try {
      await sqs().send(new SendMessageBatchCommand({ QueueUrl: queueUrl('Orders'), Entries: ['one', 'bad-two', 'three'].map((body, i) => ({ Id: String(i), MessageBody: body })) }));
      await until(() => seen.lines.join(',').split(/ORDERS |,/).filter(Boolean).length >= 3, 'the three messages');
      await until(async () => (await depth('Orders')).inFlight === 1, 'the reported failure left in flight');
      expect(await depth('Orders')).toEqual({ visible: 0, inFlight: 1 });
      started().parts.clock.advance(30_000);
      await until(() => seen.lines.some((l) => l === 'ORDERS bad-two') && seen.lines.filter((l) => l.includes('bad-two')).length === 2, 'the redelivery');
      const mapping = started().parts.outputs.eventSourceMappings!.ConsumerFromOrders as { State: string; EventSourceArn: string; Activity: { records: number; completed: number } };
      expect(mapping.State).toBe('Enabled');
      expect(mapping.EventSourceArn).toMatch(/^arn:aws:sqs:us-east-1:123456789012:/);
      // The outputs entry reads the mapping live: four deliveries, two deleted (bad-two fails each time).
      await until(() => mapping.Activity.records === 4, 'the activity');
      expect(mapping.Activity.completed).toBe(2);
    } finally {
      seen.stop();
    }
  });

  it("stops a function that feeds its own queue after 16 invocations; the message goes back, then to the queue's dead-letter queue", async () => {
    const seen = watch('looper', 'LOOP ');
    const drops: RecursiveInvocationDropped[] = [];
    const onDrop = (d: RecursiveInvocationDropped) => d.functionName === 'looper' && drops.push(d);
    started().endpoint.service.on('recursiveInvocationDropped', onDrop);
    try {
      await sqs().send(new SendMessageCommand({ QueueUrl: queueUrl('Loop'), MessageBody: 'round and round' }));
      await until(() => drops.length === 1, 'the stop');
      // The drop can be told before the last invocations' log lines are read (a busy machine).
      await until(() => seen.lines.length >= 16, 'the log lines of 16 invocations');
      expect(seen.lines).toHaveLength(16);
      // From the second round on, the message carries the trace header (AWSTraceHeader) with the
      // lineage the function's SDK sent: counts 0 to 14 (log lines of two environments may interleave).
      const counts = seen.lines.map((l) => /Lineage=[0-9a-f]{8}:(\d+)/.exec(l)?.[1]).filter((c) => c !== undefined).map(Number);
      expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i));
      expect(drops[0]).toMatchObject({ invocationType: 'RequestResponse', invocation: 17 });
      // The stopped message stays in the queue; after maxReceiveCount (2) receives SQS moves it to the DLQ.
      expect(await depth('Loop')).toEqual({ visible: 0, inFlight: 1 });
      started().parts.clock.advance(30_000);
      await until(() => drops.length === 2, 'the second stop');
      started().parts.clock.advance(30_000);
      await until(async () => (await depth('LoopDeadLetters')).visible === 1, 'the redrive');
      const [dead] = (await sqs().send(new ReceiveMessageCommand({ QueueUrl: queueUrl('LoopDeadLetters') }))).Messages ?? [];
      expect(dead!.Body).toBe('round and round');
      expect(seen.lines).toHaveLength(16);
    } finally {
      seen.stop();
      started().endpoint.service.off('recursiveInvocationDropped', onDrop);
    }
  }, 90_000);

  it("with AutoPublishAlias, connects the function's events to its alias, as SAM does", async () => {
    const seen = watch('live-consumer', 'LIVE ');
    try {
      const mapping = started().parts.outputs.eventSourceMappings!.LiveConsumerFromAliased as { FunctionArn: string };
      expect(mapping.FunctionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:live-consumer:live');
      await sqs().send(new SendMessageCommand({ QueueUrl: queueUrl('Aliased'), MessageBody: 'hi' }));
      await until(() => seen.lines.length === 1, 'the invocation');
      expect(seen.lines[0]).toBe('LIVE arn:aws:lambda:us-east-1:123456789012:function:live-consumer:live');
    } finally {
      seen.stop();
    }
  });

  it('a stream fed by the Kinesis client reaches a Python function through AWS::Lambda::EventSourceMapping, in order per shard', async () => {
    const seen = watch('click-counter', 'CLICK ');
    try {
      const records = [];
      for (let i = 0; i < 6; i++) for (const user of ['ada', 'bob', 'cy']) records.push({ PartitionKey: user, Data: Buffer.from(`${user}-${i}`) });
      const put = await kinesis().send(new PutRecordsCommand({ StreamARN: (started().parts.outputs.streams!.Clicks as { arn: string }).arn, Records: records }));
      expect(put.FailedRecordCount).toBe(0);
      await until(() => seen.lines.length === 18, 'the eighteen records');
      for (const user of ['ada', 'bob', 'cy']) {
        const mine = seen.lines.filter((l) => l.startsWith(`CLICK ${user} `));
        expect(mine.map((l) => l.split(' ')[2])).toEqual([0, 1, 2, 3, 4, 5].map((i) => `${user}-${i}`));
        expect(new Set(mine.map((l) => l.split(' ')[3])).size).toBe(1);
      }
      const mapping = started().parts.outputs.eventSourceMappings!.ClickMapping as { UUID: string; Activity: { completed: number; iteratorAgeMs: number } };
      await until(() => mapping.Activity.completed === 18, 'the activity');
      // Each batch's IteratorAge went to the stack's CloudWatch, where the SDK reads it.
      const now = started().parts.clock.now();
      const stats = await cloudwatch().send(
        new GetMetricStatisticsCommand({ Namespace: 'AWS/Lambda', MetricName: 'IteratorAge', Dimensions: [{ Name: 'FunctionName', Value: 'click-counter' }], StartTime: new Date(now - 600_000), EndTime: new Date(now + 60_000), Period: 60, Statistics: ['SampleCount', 'Maximum'] }),
      );
      expect(stats.Datapoints!.reduce((n, d) => n + (d.SampleCount ?? 0), 0)).toBeGreaterThanOrEqual(2);
      expect(stats.Datapoints!.every((d) => d.Unit === 'Milliseconds')).toBe(true);
      expect(mapping.Activity.iteratorAgeMs).toBeGreaterThanOrEqual(0);
    } finally {
      seen.stop();
    }
  });
});
