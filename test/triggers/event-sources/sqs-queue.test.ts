// The queue model on a simulated clock: what Lambda's SQS poller relies on (visibility timeout,
// receive count, redrive, long polling that wakes on arrival) and SQS's FIFO rules.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../src/runtime/clock.ts';
import { SqsError } from '../../../src/triggers/event-sources/sqs-error.ts';
import { md5OfAttributes } from '../../../src/triggers/event-sources/sqs-message.ts';
import { SqsQueues } from '../../../src/triggers/event-sources/sqs-registry.ts';

function stack() {
  const clock = new SimulatedClock();
  const queues = new SqsQueues({ region: 'us-east-1', accountId: '123456789012', endpointUrl: 'http://127.0.0.1:4566', clock });
  return { clock, queues };
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as SqsError).code;
  }
  return undefined;
}

describe('SQS queue model', () => {
  it('hides a received message for the visibility timeout and gives it back with a higher receive count', async () => {
    const { clock, queues } = stack();
    const queue = queues.create('orders', { VisibilityTimeout: '30' });
    queue.send({ body: 'one' });
    const [first] = await queue.receive();
    expect(first!.attributes.ApproximateReceiveCount).toBe('1');
    expect(await queue.receive()).toEqual([]);
    expect(queue.counts()).toEqual({ visible: 0, notVisible: 1, delayed: 0 });
    clock.advance(29_000); // the clock also runs with real time: stay clear of the edge
    expect(await queue.receive()).toEqual([]);
    clock.advance(1000);
    const [again] = await queue.receive();
    expect(again!.messageId).toBe(first!.messageId);
    expect(again!.attributes.ApproximateReceiveCount).toBe('2');
    expect(again!.attributes.ApproximateFirstReceiveTimestamp).toBe(first!.attributes.ApproximateFirstReceiveTimestamp);
    expect(again!.receiptHandle).not.toBe(first!.receiptHandle);
  });

  it('deletes with the latest receipt handle only: an older handle succeeds and deletes nothing', async () => {
    const { clock, queues } = stack();
    const queue = queues.create('q', { VisibilityTimeout: '5' });
    queue.send({ body: 'x' });
    const [first] = await queue.receive();
    clock.advance(5000);
    const [second] = await queue.receive();
    queue.deleteMessage(first!.receiptHandle);
    expect(queue.counts().notVisible).toBe(1);
    queue.deleteMessage(second!.receiptHandle);
    expect(queue.counts()).toEqual({ visible: 0, notVisible: 0, delayed: 0 });
    expect(codeOf(() => queue.deleteMessage(first!.messageId))).toBe('ReceiptHandleIsInvalid');
  });

  it('moves a message to the dead-letter queue on the receive after maxReceiveCount, keeping its id and count', async () => {
    const { clock, queues } = stack();
    const dlq = queues.create('orders-dlq');
    const queue = queues.create('orders', { VisibilityTimeout: '10', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }) });
    const { messageId } = queue.send({ body: 'poison' });
    for (let i = 0; i < 2; i++) {
      expect(await queue.receive()).toHaveLength(1);
      clock.advance(10_000);
    }
    expect(await queue.receive()).toEqual([]);
    const [dead] = await dlq.receive();
    expect(dead!.messageId).toBe(messageId);
    expect(dead!.attributes.DeadLetterQueueSourceArn).toBe(queue.arn);
    expect(queue.counts().visible).toBe(0);
  });

  it('changes visibility: 0 returns the message at once, and a visible message is not in flight', async () => {
    const { queues } = stack();
    const queue = queues.create('q');
    queue.send({ body: 'x' });
    const [m] = await queue.receive();
    queue.changeVisibility(m!.receiptHandle, 0);
    const [again] = await queue.receive({ visibilityTimeoutSeconds: 0 });
    expect(again!.attributes.ApproximateReceiveCount).toBe('2');
    expect(codeOf(() => queue.changeVisibility(again!.receiptHandle, 10))).toBe('MessageNotInflight');
  });

  it('long polling returns as soon as a message arrives, and when the clock passes the wait', async () => {
    const { clock, queues } = stack();
    const queue = queues.create('q');
    const waiting = queue.receive({ waitTimeSeconds: 20, maxMessages: 10 });
    queue.send({ body: 'late' });
    expect((await waiting).map((m) => m.body)).toEqual(['late']);
    const empty = queue.receive({ waitTimeSeconds: 20 });
    clock.advance(20_000);
    expect(await empty).toEqual([]);
  });

  it('tells a subscribed poller when a delayed message becomes receivable', async () => {
    const { clock, queues } = stack();
    const queue = queues.create('q', { DelaySeconds: '60' });
    let told = 0;
    queue.onAvailable(() => told++);
    queue.send({ body: 'x' });
    expect(queue.counts()).toEqual({ visible: 0, notVisible: 0, delayed: 1 });
    expect(told).toBe(0);
    clock.advance(60_000);
    expect(told).toBe(1);
    expect(await queue.receive()).toHaveLength(1);
  });

  it('drops messages older than the retention period', async () => {
    const { clock, queues } = stack();
    const queue = queues.create('q', { MessageRetentionPeriod: '60' });
    queue.send({ body: 'x' });
    clock.advance(60_000);
    expect(queue.counts().visible).toBe(0);
  });

  it('FIFO: one group in order, nothing more of a group while one of its messages is in flight', async () => {
    const { queues } = stack();
    const queue = queues.create('jobs.fifo', { ContentBasedDeduplication: 'true' });
    for (const body of ['a1', 'a2', 'b1']) queue.send({ body, messageGroupId: body[0] });
    const first = await queue.receive({ maxMessages: 1 });
    expect(first.map((m) => m.body)).toEqual(['a1']);
    const next = await queue.receive({ maxMessages: 10 });
    expect(next.map((m) => m.body)).toEqual(['b1']);
    queue.deleteMessage(first[0]!.receiptHandle);
    expect((await queue.receive({ maxMessages: 10 })).map((m) => m.body)).toEqual(['a2']);
  });

  it('FIFO: a repeated deduplication id within 5 minutes is accepted once, and again after the window', () => {
    const { clock, queues } = stack();
    const queue = queues.create('jobs.fifo');
    const one = queue.send({ body: 'x', messageGroupId: 'g', messageDeduplicationId: 'd' });
    const two = queue.send({ body: 'y', messageGroupId: 'g', messageDeduplicationId: 'd' });
    expect(two.messageId).toBe(one.messageId);
    expect(queue.counts().visible).toBe(1);
    clock.advance(5 * 60_000);
    const three = queue.send({ body: 'z', messageGroupId: 'g', messageDeduplicationId: 'd' });
    expect(three.messageId).not.toBe(one.messageId);
    expect(BigInt(three.sequenceNumber!)).toBeGreaterThan(BigInt(one.sequenceNumber!));
    expect(codeOf(() => queue.send({ body: 'x', messageGroupId: 'g' }))).toBe('InvalidParameterValue');
    expect(codeOf(() => queue.send({ body: 'x', messageDeduplicationId: 'e' }))).toBe('MissingParameter');
  });

  it('refuses a message over the queue maximum, bad characters, and bad attribute values, naming the rule', () => {
    const { queues } = stack();
    const queue = queues.create('q', { MaximumMessageSize: '1024' });
    expect(() => queue.send({ body: 'x'.repeat(1025) })).toThrow(/1025 bytes.*at most 1024/);
    expect(codeOf(() => queue.send({ body: 'bell \u0007' }))).toBe('InvalidMessageContents');
    expect(codeOf(() => queue.send({ body: 'x', messageAttributes: { n: { dataType: 'Number', stringValue: 'ten' } } }))).toBe('InvalidParameterValue');
    expect(codeOf(() => queues.create('q2', { VisibilityTimeout: '43201' }))).toBe('InvalidAttributeValue');
    expect(codeOf(() => queues.create('bad name'))).toBe('InvalidParameterValue');
    expect(codeOf(() => queues.create('q', { VisibilityTimeout: '31' }))).toBe('QueueNameExists');
    expect(codeOf(() => queues.create('q3', { RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:nope","maxReceiveCount":3}' }))).toBe('InvalidParameterValue');
  });

  it('computes the message-attribute MD5 as SQS documents it (name, type, transport byte, value, length-prefixed)', () => {
    // Worked by hand: the bytes for {a: String "b"} are 00000001 61 00000006 "String" 01 00000001 62.
    const bytes = Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from('a'), Buffer.from([0, 0, 0, 6]), Buffer.from('String'), Buffer.from([1]), Buffer.from([0, 0, 0, 1]), Buffer.from('b')]);
    expect(md5OfAttributes({ a: { dataType: 'String', stringValue: 'b' } })).toBe(createHash('md5').update(bytes).digest('hex'));
  });
});
