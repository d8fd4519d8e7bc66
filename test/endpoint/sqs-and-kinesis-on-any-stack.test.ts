// Every started template's endpoint serves SQS and Kinesis, as AWS does for any account: a script
// or a function may create a queue or a stream with the SDK even when the template declares none.

import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { anyCredentials } from '../support/endpoint.ts';
import { useStartedTemplate } from '../support/started-template.ts';

const template = `
Resources:
  Tokens:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{ AttributeName: token, AttributeType: S }]
      KeySchema: [{ AttributeName: token, KeyType: HASH }]
`;

const started = useStartedTemplate({ 'template.yaml': template });

describe('a stack whose template declares no queue or stream', () => {
  it('has no queues or streams section in its outputs', () => {
    expect(started().parts.outputs.queues).toBeUndefined();
    expect(started().parts.outputs.streams).toBeUndefined();
  });

  it('serves a queue an SDK creates', async () => {
    const sqs = new SQSClient({ endpoint: started().endpoint.url, region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 });
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'adhoc' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'made on the fly' }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.map((m) => m.Body)).toEqual(['made on the fly']);
  });

  it('serves a stream an SDK creates', async () => {
    const kinesis = new KinesisClient({ endpoint: started().endpoint.url, region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 });
    await kinesis.send(new CreateStreamCommand({ StreamName: 'adhoc', ShardCount: 1 }));
    const { ShardId } = await kinesis.send(new PutRecordCommand({ StreamName: 'adhoc', PartitionKey: 'k', Data: Buffer.from('made on the fly') }));
    const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: 'adhoc', ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
    const { Records } = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
    expect(Records?.map((r) => Buffer.from(r.Data!).toString())).toEqual(['made on the fly']);
    kinesis.destroy();
  });
});
