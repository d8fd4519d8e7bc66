// SQS queues from a template, on the endpoint, driven by the official @aws-sdk/client-sqs with its
// default settings (AWS JSON 1.0, which checks MD5OfBody on every send and receive) over real HTTP,
// and by raw HTTP where the wire shape is the point. The stack's clock moves past visibility timeouts.

import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { md5OfAttributes } from '../../src/triggers/event-sources/sqs-message.ts';
import { anyCredentials } from '../support/endpoint.ts';
import { useStartedTemplate } from '../support/started-template.ts';

// The source queue comes first on purpose: its dead-letter queue must still be made before it.
const template = `
Resources:
  Orders:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: orders
      VisibilityTimeout: 30
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt DeadLetters.Arn
        maxReceiveCount: 2
  DeadLetters:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: orders-dlq
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      FifoQueue: true
      ContentBasedDeduplication: true
  Scratch:
    Type: AWS::SQS::Queue
`;

const started = useStartedTemplate({ 'template.yaml': template });
const sqs = () => new SQSClient({ endpoint: started().endpoint.url, region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 });
const queueUrl = (logicalId: string) => (started().parts.outputs.queues![logicalId] as { url: string }).url;
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: Error & { Code?: string; $metadata?: { httpStatusCode?: number } }) => ({ name: e.name, code: e.Code, message: e.message, status: e.$metadata?.httpStatusCode }),
  );

async function rawCall(operation: string, body: object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(started().endpoint.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `AmazonSQS.${operation}`, ...headers },
    body: JSON.stringify(body),
  });
}

describe('a template queue on the endpoint, through the official SDK', () => {
  it('gives each queue its URL on the endpoint (Ref), its ARN (GetAtt) and an outputs entry', () => {
    const { stack, endpoint } = started();
    expect(stack.references('Orders')?.ref).toBe(`${endpoint.url}/123456789012/orders`);
    expect(stack.references('Orders')?.attributes.Arn).toBe('arn:aws:sqs:us-east-1:123456789012:orders');
    expect(started().parts.outputs.queues!.Jobs).toMatchObject({ name: expect.stringMatching(/^Jobs-[0-9A-F]{12}\.fifo$/) });
  });

  it('sends and receives with the MD5 digests the SDK checks, message attributes and system attributes', async () => {
    const client = sqs();
    const sent = await client.send(new SendMessageCommand({
      QueueUrl: queueUrl('Scratch'),
      MessageBody: 'héllo',
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'greeting' }, raw: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) } },
    }));
    expect(sent.MD5OfMessageAttributes).toBe(md5OfAttributes({ kind: { dataType: 'String', stringValue: 'greeting' }, raw: { dataType: 'Binary', binaryValue: Buffer.from([1, 2, 3]) } }));
    const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl('Scratch'), MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }));
    expect(Messages).toHaveLength(1);
    const message = Messages![0]!;
    expect(message).toMatchObject({ MessageId: sent.MessageId, Body: 'héllo', MD5OfMessageAttributes: sent.MD5OfMessageAttributes });
    expect(Buffer.from(message.MessageAttributes!.raw!.BinaryValue!)).toEqual(Buffer.from([1, 2, 3]));
    expect(message.Attributes).toMatchObject({ ApproximateReceiveCount: '1', SenderId: anyCredentials.accessKeyId });
    expect(Number(message.Attributes!.SentTimestamp)).toBeGreaterThan(0);
    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl('Scratch'), ReceiptHandle: message.ReceiptHandle }));
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl('Scratch') }))).Messages).toBeUndefined();
  });

  it('hides a received message until the visibility timeout passes on the stack clock, then counts the second receive', async () => {
    const client = sqs();
    const url = queueUrl('Orders');
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'order 1' }));
    const first = await client.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    expect(first.Messages![0]!.Attributes).toEqual({ ApproximateReceiveCount: '1' });
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    const counts = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    expect(counts.Attributes).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1' });
    started().parts.clock.advance(30_000);
    const second = await client.send(new ReceiveMessageCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    expect(second.Messages![0]!.Attributes!.ApproximateReceiveCount).toBe('2');
    // maxReceiveCount is 2: the next receive after the timeout moves it to the dead-letter queue.
    started().parts.clock.advance(30_000);
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    const dead = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl('DeadLetters'), MessageSystemAttributeNames: ['DeadLetterQueueSourceArn'] }));
    expect(dead.Messages![0]).toMatchObject({ Body: 'order 1', Attributes: { DeadLetterQueueSourceArn: 'arn:aws:sqs:us-east-1:123456789012:orders' } });
    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl('DeadLetters'), ReceiptHandle: dead.Messages![0]!.ReceiptHandle }));
  });

  it('returns a message to the queue at once with ChangeMessageVisibility 0, and refuses one that is not in flight', async () => {
    const client = sqs();
    const url = queueUrl('Scratch');
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'again' }));
    const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl: url }));
    await client.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: Messages![0]!.ReceiptHandle, VisibilityTimeout: 0 }));
    const again = await client.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }));
    const refused = await failure(client.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: again.Messages![0]!.ReceiptHandle, VisibilityTimeout: 10 })));
    expect(refused).toMatchObject({ name: 'MessageNotInflight', code: 'AWS.SimpleQueueService.MessageNotInflight', status: 400 });
    await client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: again.Messages![0]!.ReceiptHandle }));
  });

  it('long polling answers as soon as a message arrives', async () => {
    const client = sqs();
    const url = queueUrl('Scratch');
    const waiting = client.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20, MaxNumberOfMessages: 10 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'worth the wait' }));
    const { Messages } = await waiting;
    expect(Messages?.map((m) => m.Body)).toEqual(['worth the wait']);
    await client.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', ReceiptHandle: Messages![0]!.ReceiptHandle }] }));
  });

  it('sends batches of up to 10 and refuses 11 entries, repeated ids and over 1 MiB in all, as SQS does', async () => {
    const client = sqs();
    const url = queueUrl('Scratch');
    const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `body ${i}` }));
    const sent = await client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
    expect(sent.Successful).toHaveLength(10);
    const tooMany = await failure(client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [...entries, { Id: 'm10', MessageBody: 'x' }] })));
    expect(tooMany).toMatchObject({ name: 'TooManyEntriesInBatchRequest', code: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest' });
    const repeated = await failure(client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'x' }, { Id: 'a', MessageBody: 'y' }] })));
    expect(repeated).toMatchObject({ name: 'BatchEntryIdsNotDistinct' });
    const tooLong = await failure(client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'x'.repeat(600_000) }, { Id: 'b', MessageBody: 'y'.repeat(600_000) }] })));
    expect(tooLong).toMatchObject({ name: 'BatchRequestTooLong', code: 'AWS.SimpleQueueService.BatchRequestTooLong' });
    const mixed = await client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'ok', MessageBody: 'fine' }, { Id: 'bad', MessageBody: 'bell \u0007' }] }));
    expect(mixed.Successful?.map((s) => s.Id)).toEqual(['ok']);
    expect(mixed.Failed).toEqual([expect.objectContaining({ Id: 'bad', Code: 'InvalidMessageContents', SenderFault: true })]);
    await client.send(new PurgeQueueCommand({ QueueUrl: url }));
    expect(await failure(client.send(new PurgeQueueCommand({ QueueUrl: url })))).toMatchObject({ name: 'PurgeQueueInProgress', status: 403 });
  });

  it('refuses a message over 1 MiB (the default MaximumMessageSize), naming the limit', async () => {
    const refused = await failure(sqs().send(new SendMessageCommand({ QueueUrl: queueUrl('Scratch'), MessageBody: 'x'.repeat(1_048_577) })));
    expect(refused).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
    expect(refused!.message).toMatch(/1048577 bytes.*at most 1048576/);
  });

  it('keeps FIFO order within a group and drops a repeated body with content-based deduplication', async () => {
    const client = sqs();
    const url = queueUrl('Jobs');
    for (const body of ['a1', 'a2', 'a3', 'a1']) await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: 'a' }));
    const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['SequenceNumber', 'MessageGroupId'] }));
    expect(Messages?.map((m) => m.Body)).toEqual(['a1', 'a2', 'a3']);
    expect(Messages![0]!.Attributes!.MessageGroupId).toBe('a');
    const missing = await failure(client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'no group' })));
    expect(missing).toMatchObject({ name: 'MissingParameter' });
  });

  it('answers a missing queue with QueueDoesNotExist in SQS JSON shape, with the x-amzn-query-error header', async () => {
    const response = await rawCall('GetQueueUrl', { QueueName: 'nope' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(response.headers.get('x-amzn-query-error')).toBe('AWS.SimpleQueueService.NonExistentQueue;Sender');
    expect(await response.json()).toMatchObject({ __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: expect.stringContaining('nope') });
    const viaSdk = await failure(sqs().send(new GetQueueUrlCommand({ QueueName: 'nope' })));
    expect(viaSdk).toMatchObject({ name: 'QueueDoesNotExist', code: 'AWS.SimpleQueueService.NonExistentQueue' });
  });

  it('keeps the X-Amzn-Trace-Id of a send (what the SDK adds inside Lambda) as AWSTraceHeader', async () => {
    const trace = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bb23b:1';
    const sent = await rawCall('SendMessage', { QueueUrl: queueUrl('Scratch'), MessageBody: 'traced' }, { 'X-Amzn-Trace-Id': trace });
    expect(sent.status).toBe(200);
    const { Messages } = await sqs().send(new ReceiveMessageCommand({ QueueUrl: queueUrl('Scratch'), MessageSystemAttributeNames: ['AWSTraceHeader'] }));
    expect(Messages![0]!.Attributes).toEqual({ AWSTraceHeader: trace });
    await sqs().send(new DeleteMessageCommand({ QueueUrl: queueUrl('Scratch'), ReceiptHandle: Messages![0]!.ReceiptHandle }));
  });

  it('creates, finds, lists, changes and deletes queues through the API', async () => {
    const client = sqs();
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'made-by-sdk', Attributes: { VisibilityTimeout: '5', DelaySeconds: '2' } }));
    expect(QueueUrl).toBe(`${started().endpoint.url}/123456789012/made-by-sdk`);
    expect((await client.send(new GetQueueUrlCommand({ QueueName: 'made-by-sdk' }))).QueueUrl).toBe(QueueUrl);
    expect((await client.send(new ListQueuesCommand({ QueueNamePrefix: 'orders' }))).QueueUrls?.sort()).toEqual([queueUrl('Orders'), queueUrl('DeadLetters')].sort());
    const attributes = await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    expect(attributes.Attributes).toMatchObject({ VisibilityTimeout: '5', DelaySeconds: '2', MaximumMessageSize: '1048576', MessageRetentionPeriod: '345600', QueueArn: 'arn:aws:sqs:us-east-1:123456789012:made-by-sdk' });
    const redrive = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl('Orders'), AttributeNames: ['RedrivePolicy'] }));
    expect(JSON.parse(redrive.Attributes!.RedrivePolicy!)).toEqual({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:orders-dlq', maxReceiveCount: 2 });
    const clash = await failure(client.send(new CreateQueueCommand({ QueueName: 'made-by-sdk', Attributes: { VisibilityTimeout: '6' } })));
    expect(clash).toMatchObject({ name: 'QueueNameExists', code: 'QueueAlreadyExists' });
    const badValue = await failure(client.send(new CreateQueueCommand({ QueueName: 'bad', Attributes: { VisibilityTimeout: '50000' } })));
    expect(badValue).toMatchObject({ name: 'InvalidAttributeValue' });
    expect(badValue!.message).toMatch(/0 to 43200/);
    await client.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: '60' } }));
    expect((await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['VisibilityTimeout'] }))).Attributes).toEqual({ VisibilityTimeout: '60' });
    await client.send(new DeleteQueueCommand({ QueueUrl }));
    expect(await failure(client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'too late' })))).toMatchObject({ name: 'QueueDoesNotExist' });
  });
});
