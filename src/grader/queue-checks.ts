// Helpers for checks of labs whose stack feeds the learner's function from an SQS queue or a
// Kinesis stream through an event source mapping (labs 17 and 18): official SDK clients on the
// stack's endpoint, the mapping's activity as the stack's outputs show it, and waits that end
// when the mapping has done a known amount of work (never after a fixed time: the stack's
// clock is moved by the check, so a visibility timeout passes only when the check says so).

import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { stackClientConfig } from './stack-checks.ts';
import type { ProvidedStack } from './targets/lab-stack.ts';

export function sqsClient(stack: ProvidedStack, region: string): SQSClient {
  return new SQSClient(stackClientConfig(stack, region));
}

export function kinesisClient(stack: ProvidedStack, region: string): KinesisClient {
  return new KinesisClient(stackClientConfig(stack, region));
}

/** A queue of the stack (outputs.queues.<LogicalId>). */
export function stackQueue(stack: ProvidedStack, logicalId: string): { url: string; arn: string; name: string } {
  const queue = stack.outputs.queues?.[logicalId] as { url: string; arn: string; name: string } | undefined;
  if (!queue) throw new Error(`The lab's stack has no queue ${logicalId} (it has: ${Object.keys(stack.outputs.queues ?? {}).join(', ') || 'none'}).`);
  return queue;
}

/** What a mapping has done so far (outputs.eventSourceMappings.<LogicalId>.Activity). */
export interface MappingActivity {
  batches: number;
  records: number;
  completed: number;
  failedBatches: number;
  lastFailure?: string;
}

export function mappingActivity(stack: ProvidedStack, logicalId: string): MappingActivity {
  const mapping = stack.outputs.eventSourceMappings?.[logicalId] as { Activity?: MappingActivity } | undefined;
  if (!mapping?.Activity) throw new Error(`The lab's stack has no running event source mapping ${logicalId}.`);
  return mapping.Activity;
}

export interface QueueDepth {
  visible: number;
  notVisible: number;
  delayed: number;
}

export async function queueDepth(sqs: SQSClient, url: string): Promise<QueueDepth> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }),
  );
  return { visible: Number(Attributes.ApproximateNumberOfMessages), notVisible: Number(Attributes.ApproximateNumberOfMessagesNotVisible), delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed) };
}

export async function queueAttribute(sqs: SQSClient, url: string, name: 'VisibilityTimeout' | 'RedrivePolicy'): Promise<string | undefined> {
  const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [name] }));
  return Attributes[name];
}

/** Receives (and deletes) every message a queue holds now: the bodies, in the order received. */
export async function takeAll(sqs: SQSClient, url: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (Messages.length === 0) return bodies;
    for (const message of Messages) {
      bodies.push(message.Body ?? '');
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle! }));
    }
  }
}

export class WaitEnded extends Error {
  override name = 'WaitEnded';
}

/**
 * Polls `done` until it holds. `patienceMs` bounds the wait in real time only so that a
 * function that hangs ends the check with a message: it is generous (a Java cold start on a busy
 * machine), and nothing is asserted about how long the work took.
 */
export async function until(done: () => Promise<boolean> | boolean, what: string, patienceMs = 120_000): Promise<void> {
  const deadline = Date.now() + patienceMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new WaitEnded(`Gave up waiting for ${what} after ${patienceMs / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
