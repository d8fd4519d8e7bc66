// Event source mappings made through Lambda's API with the official LambdaClient, on the endpoint
// of a started template that has a queue and a stream (and no mapping of its own): create, list,
// get, update (disable, enable, a new batch size) and delete, and Lambda's refusals as the SDK
// sees them.

import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  InvalidParameterValueException,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ResourceNotFoundException,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../src/runtime/types.ts';
import { anyCredentials } from '../../support/endpoint.ts';
import { useStartedTemplate } from '../../support/started-template.ts';

const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Work:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 20
  Events:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: worker
      InlineCode: |
        exports.handler = async (event) => { for (const r of event.Records) console.log('GOT ' + (r.body ?? Buffer.from(r.kinesis.data, 'base64').toString())); };
      Handler: index.handler
      Runtime: nodejs22.x
  Slow:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: slow-worker
      InlineCode: "exports.handler = async () => {};"
      Handler: index.handler
      Runtime: nodejs22.x
      Timeout: 60
`;

const started = useStartedTemplate({ 'template.yaml': template });
const config = () => ({ endpoint: started().endpoint.url, region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 });
const lambda = () => new LambdaClient(config());
const sqs = () => new SQSClient(config());
const kinesis = () => new KinesisClient({ ...config(), requestHandler: new NodeHttpHandler() });
const outputs = () => started().parts.outputs as Record<string, Record<string, { arn: string; url: string; name: string }>>;

function watch(): { got: string[]; stop: () => void } {
  const got: string[] = [];
  const onLog = (e: LogEvent) => e.functionName === 'worker' && e.stream === 'function' && e.message.includes('GOT ') && got.push(e.message.slice(e.message.indexOf('GOT ') + 4).trim());
  started().endpoint.service.on('log', onLog);
  return { got, stop: () => started().endpoint.service.off('log', onLog) };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const settle = () => new Promise((r) => setTimeout(r, 400));

describe('event source mappings through the Lambda API', () => {
  it('creates an SQS mapping that delivers, lists and gets it, pauses and resumes it, and deletes it', async () => {
    const seen = watch();
    try {
      const queue = outputs().queues!.Work!;
      const created = await lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: queue.arn, FunctionName: 'worker', BatchSize: 5 }));
      expect(created.$metadata.httpStatusCode).toBe(202);
      expect(created).toMatchObject({ EventSourceArn: queue.arn, FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:worker', BatchSize: 5, State: 'Enabled' });
      expect(created.LastModified).toBeInstanceOf(Date);
      const uuid = created.UUID!;

      await sqs().send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'first' }));
      await until(() => seen.got.includes('first'), 'the first message');

      const listed = await lambda().send(new ListEventSourceMappingsCommand({ FunctionName: 'worker' }));
      expect(listed.EventSourceMappings!.map((m) => m.UUID)).toEqual([uuid]);
      expect((await lambda().send(new ListEventSourceMappingsCommand({ EventSourceArn: 'arn:aws:sqs:us-east-1:123456789012:other' }))).EventSourceMappings).toEqual([]);
      expect((await lambda().send(new GetEventSourceMappingCommand({ UUID: uuid }))).LastProcessingResult).toBe('OK');

      const paused = await lambda().send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: false }));
      expect(paused).toMatchObject({ State: 'Disabled', BatchSize: 5 });
      await sqs().send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'while paused' }));
      await settle();
      expect(seen.got).not.toContain('while paused');
      const waiting = await sqs().send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessages'] }));
      expect(waiting.Attributes!.ApproximateNumberOfMessages).toBe('1');

      expect((await lambda().send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }))).State).toBe('Enabled');
      await until(() => seen.got.includes('while paused'), 'the message sent while paused');

      const deleted = await lambda().send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
      expect(deleted).toMatchObject({ UUID: uuid, State: 'Deleting' });
      const gone = await lambda().send(new GetEventSourceMappingCommand({ UUID: uuid })).catch((e: unknown) => e);
      expect(gone).toBeInstanceOf(ResourceNotFoundException);
    } finally {
      seen.stop();
    }
  });

  it("refuses, as Lambda does, a function whose timeout exceeds the queue's visibility timeout", async () => {
    const refused = await lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: outputs().queues!.Work!.arn, FunctionName: 'slow-worker' })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidParameterValueException);
    expect((refused as Error).message).toContain('Queue visibility timeout: 20 seconds is less than Function timeout: 60 seconds');
    expect((await lambda().send(new ListEventSourceMappingsCommand({ FunctionName: 'slow-worker' }))).EventSourceMappings).toEqual([]);
  });

  it('updates a Kinesis mapping without reading the stream again from its start', async () => {
    const seen = watch();
    try {
      const stream = outputs().streams!.Events!;
      const created = await lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: stream.arn, FunctionName: 'worker', StartingPosition: 'TRIM_HORIZON', BatchSize: 10 }));
      await kinesis().send(new PutRecordCommand({ StreamARN: stream.arn, PartitionKey: 'p', Data: Buffer.from('record one') }));
      await until(() => seen.got.includes('record one'), 'the first record');
      const updated = await lambda().send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, BatchSize: 50 }));
      expect(updated).toMatchObject({ BatchSize: 50, StartingPosition: 'TRIM_HORIZON', State: 'Enabled' });
      await kinesis().send(new PutRecordCommand({ StreamARN: stream.arn, PartitionKey: 'p', Data: Buffer.from('record two') }));
      await until(() => seen.got.includes('record two'), 'the second record');
      await settle();
      expect(seen.got.filter((g) => g.startsWith('record'))).toEqual(['record one', 'record two']);
      const refused = await lambda().send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, ParallelizationFactor: 20 })).catch((e: unknown) => e);
      expect((refused as Error).message).toMatch(/ParallelizationFactor 20 is out of range/);
      await lambda().send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
    } finally {
      seen.stop();
    }
  });
});
