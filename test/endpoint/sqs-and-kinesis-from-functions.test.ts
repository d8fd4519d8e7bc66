// A template's functions reach its queue and stream as they would on AWS: the queue URL and the
// stream name from !Ref in their variables, the SDK their runtime includes (SDK v3 in Node.js,
// whose Kinesis client speaks HTTP/2; boto3 in Python, over HTTP/1.1) configured by nothing but
// AWS_ENDPOINT_URL. What they send, the test reads back with its own official clients.

import { KinesisClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-kinesis';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { installedRuntimeSdk, runtimeSdkFor } from '../../src/runtime/runtimes/runtime-sdks.ts';
import { anyCredentials } from '../support/endpoint.ts';
import { requireEverything } from '../support/requirements.ts';
import { json } from '../support/service.ts';
import { useStartedTemplate } from '../support/started-template.ts';

const nodeRuntime = `nodejs${process.versions.node.split('.')[0]}.x`;

const nodeProducer = `
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const { KinesisClient, PutRecordCommand } = require('@aws-sdk/client-kinesis');
const sqs = new SQSClient({});
const kinesis = new KinesisClient({});
exports.handler = async (event) => {
  const sent = await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: event.text }));
  const put = await kinesis.send(new PutRecordCommand({ StreamName: process.env.STREAM, PartitionKey: 'nodejs', Data: Buffer.from(event.text) }));
  return { messageId: sent.MessageId, shardId: put.ShardId };
};
`;

const pythonProducer = `
import os, boto3
sqs = boto3.client('sqs')
kinesis = boto3.client('kinesis')
def handler(event, context):
    sent = sqs.send_message(QueueUrl=os.environ['QUEUE_URL'], MessageBody=event['text'])
    put = kinesis.put_record(StreamName=os.environ['STREAM'], PartitionKey='python', Data=event['text'].encode())
    return {'messageId': sent['MessageId'], 'shardId': put['ShardId']}
`;

const indent = (code: string) => code.trim().split('\n').map((l) => `        ${l}`).join('\n');

const template = `
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 30
    Environment:
      Variables:
        QUEUE_URL: !Ref Inbox
        STREAM: !Ref Events
Resources:
  Inbox:
    Type: AWS::SQS::Queue
  Events:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1
  NodeProducer:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: ${nodeRuntime}
      Handler: index.handler
      InlineCode: |
${indent(nodeProducer)}
  PythonProducer:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: |
${indent(pythonProducer)}
`;

const started = useStartedTemplate({ 'template.yaml': template });

describe("a function's own SDK sends to the template's queue and stream through AWS_ENDPOINT_URL", () => {
  const cases = [
    { family: 'nodejs', logicalId: 'NodeProducer' },
    { family: 'python', logicalId: 'PythonProducer' },
  ];
  for (const c of cases) {
    const sdk = runtimeSdkFor(c.family)!;
    it.runIf(requireEverything || Boolean(installedRuntimeSdk(sdk)))(`${sdk.title} sends a message and puts a record the test then reads`, async () => {
      const { endpoint, stack, parts } = started();
      const text = `hello from ${c.family}`;
      const result = await endpoint.service.invoke({ FunctionName: stack.functions[c.logicalId]!.name, Payload: JSON.stringify({ text }) });
      expect(result.FunctionError, result.Payload.toString('utf8')).toBeUndefined();
      const { messageId, shardId } = json(result.Payload) as { messageId: string; shardId: string };

      const sqs = new SQSClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: anyCredentials });
      const queueUrl = (parts.outputs.queues!.Inbox as { url: string }).url;
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
      expect(Messages?.map((m) => [m.MessageId, m.Body])).toEqual([[messageId, text]]);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle }));

      const kinesis = new KinesisClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: anyCredentials });
      const streamName = (parts.outputs.streams!.Events as { name: string }).name;
      const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
      const { Records } = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
      expect(Records!.filter((r) => r.PartitionKey === c.family).map((r) => Buffer.from(r.Data!).toString())).toEqual([text]);
      kinesis.destroy();
    });
  }
});
