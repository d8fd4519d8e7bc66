// SQS event source mappings against real functions: Lambda's SQS event, batching on the stack's
// clock, what a failure does to the messages (back after the visibility timeout, to the
// dead-letter queue after maxReceiveCount), partial batch responses by AWS's rules, concurrency,
// and the refusal of a function timeout longer than the queue's visibility timeout.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../src/runtime/clock.ts';
import type { LogEvent } from '../../../src/runtime/types.ts';
import { EventSourceMappings } from '../../../src/triggers/event-sources/mapping-registry.ts';
import { SqsQueues } from '../../../src/triggers/event-sources/sqs-registry.ts';
import { servicePort } from '../../../src/triggers/ports/service-port.ts';
import { useService } from '../../support/service.ts';

const service = useService();
const code = mkdtempSync(join(tmpdir(), 'mapping-sqs-'));
afterAll(() => rmSync(code, { recursive: true, force: true }));

// Logs the event it got; fails as the bodies ask: "throw" throws, "bad-*" are reported failed,
// "unknown-id" reports an id that is not in the batch, "sleep" takes 400 ms.
writeFileSync(
  join(code, 'consumer.mjs'),
  `export const handler = async (event) => {
  console.log('EVENT ' + JSON.stringify(event));
  const bodies = event.Records.map((r) => r.body);
  if (bodies.includes('sleep')) await new Promise((r) => setTimeout(r, 400));
  if (bodies.includes('throw')) throw new Error('asked to fail');
  if (bodies.includes('unknown-id')) return { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] };
  return { batchItemFailures: event.Records.filter((r) => r.body.startsWith('bad')).map((r) => ({ itemIdentifier: r.messageId })) };
};`,
);

// The same consumer in Python: reports "bad*" bodies by messageId, as a boto3-era handler would.
writeFileSync(
  join(code, 'consumer_py.py'),
  `import json
def handler(event, context):
    print('EVENT ' + json.dumps(event))
    return {'batchItemFailures': [{'itemIdentifier': r['messageId']} for r in event['Records'] if r['body'].startswith('bad')]}
`,
);

let count = 0;
async function setUp(queueAttributes: Record<string, string> = {}, functionTimeout = 3) {
  const clock = new SimulatedClock();
  const queues = new SqsQueues({ region: 'us-east-1', accountId: '123456789012', endpointUrl: 'http://127.0.0.1:4566', clock });
  const name = `consumer-${++count}`;
  await service().createFunction({ FunctionName: name, Runtime: 'nodejs22.x', Handler: 'consumer.handler', Timeout: functionTimeout, Code: { Directory: code } });
  const mappings = new EventSourceMappings({ port: servicePort(service()), clock, sources: { queue: (arn) => queues.byArn(arn), stream: () => undefined } });
  const events: Array<{ Records: Array<Record<string, any>> }> = [];
  const lines: LogEvent[] = [];
  const onLog = (event: LogEvent) => {
    if (event.functionName !== name) return;
    lines.push(event);
    if (event.stream === 'function' && event.message.includes('EVENT ')) events.push(JSON.parse(event.message.slice(event.message.indexOf('EVENT ') + 6)));
  };
  service().on('log', onLog);
  const done = async () => {
    service().off('log', onLog);
    await mappings.close();
    queues.close();
    clock.clear();
  };
  return { clock, queues, name, mappings, events, lines, done, queue: queues.create(`q${count}`, { VisibilityTimeout: '30', ...queueAttributes }) };
}

async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Lets the poller settle (a batch under way finishes and the next poll starts). */
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('SQS event source mapping', () => {
  it("invokes the function with Lambda's SQS event and deletes the messages it processed", async () => {
    const t = await setUp();
    try {
      const sent = t.queue.send({ body: 'hello', messageAttributes: { colour: { dataType: 'String', stringValue: 'blue' } } });
      const mapping = await t.mappings.create({ EventSourceArn: t.queue.arn, FunctionName: t.name });
      expect(mapping).toMatchObject({ BatchSize: 10, MaximumBatchingWindowInSeconds: 0, State: 'Enabled', FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${t.name}` });
      await until(() => t.events.length === 1, 'the event');
      const [record] = t.events[0]!.Records;
      expect(record).toMatchObject({
        messageId: sent.messageId,
        body: 'hello',
        md5OfBody: sent.md5OfMessageBody,
        md5OfMessageAttributes: sent.md5OfMessageAttributes,
        eventSource: 'aws:sqs',
        eventSourceARN: t.queue.arn,
        awsRegion: 'us-east-1',
        messageAttributes: { colour: { stringValue: 'blue', stringListValues: [], binaryListValues: [], dataType: 'String' } },
      });
      expect(typeof record!.receiptHandle).toBe('string');
      expect(Object.keys(record!.attributes).sort()).toEqual(['ApproximateFirstReceiveTimestamp', 'ApproximateReceiveCount', 'SenderId', 'SentTimestamp']);
      expect(record!.attributes.ApproximateReceiveCount).toBe('1');
      await until(() => t.queue.counts().notVisible === 0, 'the delete');
      expect(t.queue.counts()).toEqual({ visible: 0, notVisible: 0, delayed: 0 });
      expect(t.mappings.activity(mapping.UUID)).toMatchObject({ batches: 1, records: 1, completed: 1, failedBatches: 0 });
    } finally {
      await t.done();
    }
  });

  it('waits for the batching window on the stack clock, then sends what it gathered in one batch', async () => {
    const t = await setUp();
    try {
      await t.mappings.create({ EventSourceArn: t.queue.arn, FunctionName: t.name, BatchSize: 50, MaximumBatchingWindowInSeconds: 120 });
      for (const body of ['a', 'b', 'c']) t.queue.send({ body });
      await settle();
      expect(t.events).toEqual([]);
      t.clock.advance(120_000);
      await until(() => t.events.length === 1, 'the batch');
      expect(t.events[0]!.Records.map((r) => r.body)).toEqual(['a', 'b', 'c']);
    } finally {
      await t.done();
    }
  });

  it('leaves a failed batch in the queue, visible again after the visibility timeout, and SQS redrives it after maxReceiveCount', async () => {
    const t = await setUp();
    try {
      const dlq = t.queues.create(`dlq${count}`);
      t.queues.setAttributes(t.queue, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }) });
      const mapping = await t.mappings.create({ EventSourceArn: t.queue.arn, FunctionName: t.name });
      t.queue.send({ body: 'throw' });
      await until(() => t.events.length === 1, 'the first attempt');
      await settle();
      expect(t.queue.counts()).toEqual({ visible: 0, notVisible: 1, delayed: 0 });
      t.clock.advance(30_000);
      await until(() => t.events.length === 2, 'the second attempt');
      expect(t.events[1]!.Records[0]!.attributes.ApproximateReceiveCount).toBe('2');
      await settle();
      t.clock.advance(30_000);
      await until(() => dlq.counts().visible === 1, 'the redrive');
      expect(t.events).toHaveLength(2);
      expect(t.queue.counts()).toEqual({ visible: 0, notVisible: 0, delayed: 0 });
      expect(t.mappings.activity(mapping.UUID)).toMatchObject({ batches: 2, failedBatches: 2, completed: 0 });
      expect(t.mappings.get(mapping.UUID).LastProcessingResult).toBe('PROBLEM: Function call failed');
    } finally {
      await t.done();
    }
  });

  it('with ReportBatchItemFailures deletes the rest and gives back only the messages reported failed', async () => {
    const t = await setUp();
    try {
      for (const body of ['good-1', 'bad-1', 'good-2']) t.queue.send({ body });
      await t.mappings.create({ EventSourceArn: t.queue.arn, FunctionName: t.name, FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 3, MaximumBatchingWindowInSeconds: 1 });
      t.clock.advance(1000);
      await until(() => t.events.length >= 1 && t.events.flatMap((e) => e.Records).length === 3, 'the batch');
      await settle();
      expect(t.queue.counts()).toEqual({ visible: 0, notVisible: 1, delayed: 0 });
      t.clock.advance(30_000);
      await until(() => t.events.some((e) => e.Records.some((r) => r.attributes.ApproximateReceiveCount === '2')), 'the redelivery');
      const again = t.events.at(-1)!.Records;
      expect(again.map((r) => [r.body, r.attributes.ApproximateReceiveCount])).toEqual([['bad-1', '2']]);
    } finally {
      await t.done();
    }
  });

  it('with ReportBatchItemFailures treats an itemIdentifier not in the batch as a failure of the whole batch', async () => {
    const t = await setUp();
    try {
      for (const body of ['fine', 'unknown-id']) t.queue.send({ body });
      await t.mappings.create({ EventSourceArn: t.queue.arn, FunctionName: t.name, FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 2, MaximumBatchingWindowInSeconds: 1 });
      t.clock.advance(1000);
      await until(() => t.events.flatMap((e) => e.Records).length === 2, 'the batch');
      await settle();
      expect(t.queue.counts()).toEqual({ visible: 0, notVisible: 2, delayed: 0 });
    } finally {
      await t.done();
    }
  });

  it('without ReportBatchItemFailures ignores a batchItemFailures answer and deletes the whole batch', async () => {
    const t = await setUp();
    try {
      for (const body of ['bad-1', 'good']) t.queue.send({ body });
      await t.mappings.create({ EventSourceArn: t.queue.arn, FunctionName: t.name, BatchSize: 2, MaximumBatchingWindowInSeconds: 1 });
      t.clock.advance(1000);
      await until(() => t.events.flatMap((e) => e.Records).length === 2, 'the batch');
      await until(() => t.queue.counts().notVisible === 0, 'the delete');
      expect(t.queue.counts()).toEqual({ visible: 0, notVisible: 0, delayed: 0 });
    } finally {
      await t.done();
    }
  });

  it('keeps at most ScalingConfig.MaximumConcurrency batches in flight', async () => {
    const t = await setUp();
    try {
      for (let i = 0; i < 6; i++) t.queue.send({ body: 'sleep' });
      await t.mappings.create({ EventSourceArn: t.queue.arn, FunctionName: t.name, BatchSize: 1, ScalingConfig: { MaximumConcurrency: 2 } });
      await until(() => t.lines.filter((l) => l.message.startsWith('END')).length === 6, 'six invocations', 40_000);
      // Overlap from the platform's own START and END lines.
      let running = 0;
      let peak = 0;
      for (const line of t.lines) {
        if (line.message.startsWith('START')) peak = Math.max(peak, ++running);
        if (line.message.startsWith('END')) running -= 1;
      }
      expect(peak).toBe(2);
    } finally {
      await t.done();
    }
  }, 60_000);

  it("refuses a mapping when the function's timeout is longer than the queue's visibility timeout, in Lambda's words", async () => {
    const t = await setUp({ VisibilityTimeout: '30' }, 60);
    try {
      await expect(t.mappings.create({ EventSourceArn: t.queue.arn, FunctionName: t.name })).rejects.toMatchObject({
        name: 'InvalidParameterValueException',
        message: expect.stringContaining('Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds'),
      });
      expect(t.mappings.list()).toEqual([]);
    } finally {
      await t.done();
    }
  });

  it('refuses parameters outside Lambda ranges, naming the value and the rule', async () => {
    const t = await setUp();
    try {
      const refusal = (input: Record<string, unknown>) => t.mappings.create({ EventSourceArn: t.queue.arn, FunctionName: t.name, ...input }).then(() => 'accepted', (e: Error) => e.message);
      expect(await refusal({ BatchSize: 11 })).toMatch(/BatchSize is 11, so set MaximumBatchingWindowInSeconds to 1 or more/);
      expect(await refusal({ BatchSize: 10_001, MaximumBatchingWindowInSeconds: 1 })).toMatch(/BatchSize 10001 is out of range: .* from 1 to 10000/);
      expect(await refusal({ ScalingConfig: { MaximumConcurrency: 1 } })).toMatch(/MaximumConcurrency 1 is out of range: .* from 2 to 1000/);
      expect(await refusal({ FunctionResponseTypes: ['Partial'] })).toMatch(/the only value is ReportBatchItemFailures/);
      expect(await refusal({ StartingPosition: 'LATEST' })).toMatch(/StartingPosition does not apply to an SQS queue/);
      const fifo = t.queues.create(`f${count}.fifo`, { VisibilityTimeout: '30' });
      const onFifo = (input: Record<string, unknown>) => t.mappings.create({ EventSourceArn: fifo.arn, FunctionName: t.name, ...input }).then(() => 'accepted', (e: Error) => e.message);
      expect(await onFifo({ BatchSize: 20 })).toMatch(/from 1 to 10 for a FIFO queue/);
      expect(await onFifo({ MaximumBatchingWindowInSeconds: 5 })).toMatch(/MaximumBatchingWindowInSeconds 5 is not supported for a FIFO queue/);
    } finally {
      await t.done();
    }
  });

  it('keeps each message group of a FIFO queue in order while batches of other groups run beside it', async () => {
    const t = await setUp();
    try {
      const fifo = t.queues.create(`orders${count}.fifo`, { VisibilityTimeout: '30', ContentBasedDeduplication: 'true' });
      for (let i = 0; i < 4; i++) for (const group of ['a', 'b', 'c']) fifo.send({ body: `${group}${i}`, messageGroupId: group });
      await t.mappings.create({ EventSourceArn: fifo.arn, FunctionName: t.name, BatchSize: 1 });
      await until(() => t.events.length === 12, 'twelve messages');
      const bodies = t.events.map((e) => e.Records[0]!.body as string);
      for (const group of ['a', 'b', 'c']) expect(bodies.filter((b) => b.startsWith(group))).toEqual([0, 1, 2, 3].map((i) => `${group}${i}`));
      expect(t.events[0]!.Records[0]!.attributes).toMatchObject({ MessageGroupId: expect.any(String), SequenceNumber: expect.any(String), MessageDeduplicationId: expect.any(String) });
    } finally {
      await t.done();
    }
  });

  it('reads the queue its ARN names again after the queue is deleted and made anew', async () => {
    const t = await setUp();
    try {
      await t.mappings.create({ EventSourceArn: t.queue.arn, FunctionName: t.name });
      t.queue.send({ body: 'before' });
      await until(() => t.events.length === 1, 'the first message');
      const name = t.queue.name;
      t.queues.delete(t.queue);
      await settle();
      const again = t.queues.create(name, { VisibilityTimeout: '30' });
      again.send({ body: 'after' });
      t.clock.advance(5000);
      await until(() => t.events.length === 2, 'the message on the new queue');
      expect(t.events[1]!.Records[0]!.body).toBe('after');
    } finally {
      await t.done();
    }
  });

  it('with FilterCriteria sends only the messages a filter matches and deletes the others, ORing the filters', async () => {
    const t = await setUp();
    try {
      const bodies = [{ kind: 'order', total: 120 }, { kind: 'order', total: 5 }, { kind: 'refund', total: 50 }, { kind: 'audit', region: 'eu-west-1' }, 'plain text'];
      for (const body of bodies) t.queue.send({ body: typeof body === 'string' ? body : JSON.stringify(body) });
      const FilterCriteria = {
        Filters: [
          { Pattern: JSON.stringify({ body: { kind: ['order'], total: [{ numeric: ['>=', 100] }] } }) },
          { Pattern: JSON.stringify({ body: { region: [{ prefix: 'eu-' }] } }) },
        ],
      };
      const mapping = await t.mappings.create({ EventSourceArn: t.queue.arn, FunctionName: t.name, BatchSize: 10, MaximumBatchingWindowInSeconds: 1, FilterCriteria });
      expect(mapping.FilterCriteria).toEqual(FilterCriteria);
      t.clock.advance(1000);
      await until(() => t.events.length === 1, 'the filtered batch');
      expect(t.events[0]!.Records.map((r) => JSON.parse(r.body))).toEqual([bodies[0], bodies[3]]);
      await until(() => t.queue.counts().notVisible === 0, 'the deletes');
      expect(t.queue.counts()).toEqual({ visible: 0, notVisible: 0, delayed: 0 });
      const refusal = (criteria: unknown) => t.mappings.create({ EventSourceArn: t.queue.arn, FunctionName: t.name, FilterCriteria: criteria }).then(() => 'accepted', (e: Error) => e.message);
      expect(await refusal({ Filters: Array.from({ length: 6 }, () => ({ Pattern: '{"body":["x"]}' })) })).toMatch(/6 filters; a mapping takes at most 5/);
      expect(await refusal({ Filters: [{ Pattern: '{body' }] })).toMatch(/Pattern "\{body" is not a JSON object/);
    } finally {
      await t.done();
    }
  });

  it('a Python function gets the same SQS event and its partial batch response is read the same way', async () => {
    const t = await setUp();
    try {
      const name = `${t.name}-py`;
      await service().createFunction({ FunctionName: name, Runtime: 'python3.12', Handler: 'consumer_py.handler', Code: { Directory: code } });
      const lines: string[] = [];
      const onLog = (e: LogEvent) => e.functionName === name && e.stream === 'function' && e.message.includes('EVENT ') && lines.push(e.message.slice(e.message.indexOf('EVENT ') + 6));
      service().on('log', onLog);
      try {
        for (const body of ['ok', 'bad']) t.queue.send({ body });
        await t.mappings.create({ EventSourceArn: t.queue.arn, FunctionName: name, BatchSize: 2, MaximumBatchingWindowInSeconds: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] });
        t.clock.advance(1000);
        await until(() => lines.length === 1, 'the Python invocation');
        const event = JSON.parse(lines[0]!) as { Records: Array<Record<string, unknown>> };
        expect(event.Records.map((r) => r.body)).toEqual(['ok', 'bad']);
        expect(Object.keys(event.Records[0]!).sort()).toEqual(['attributes', 'awsRegion', 'body', 'eventSource', 'eventSourceARN', 'md5OfBody', 'messageAttributes', 'messageId', 'receiptHandle']);
        await until(() => t.queue.counts().notVisible === 1 && t.queue.counts().visible === 0, 'the reported failure');
      } finally {
        service().off('log', onLog);
      }
    } finally {
      await t.done();
    }
  });
});
