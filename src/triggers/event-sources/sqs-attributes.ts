// A queue's attributes as SQS keeps them: strings by name, checked against the ranges of the
// CreateQueue / SetQueueAttributes API reference (as in @aws-sdk/client-sqs 3.1178's model docs):
// DelaySeconds 0-900 (default 0), MaximumMessageSize 1,024-1,048,576 bytes (default 1 MiB, raised
// from 256 KiB in 2025), MessageRetentionPeriod 60-1,209,600 s (default 345,600 = 4 days),
// ReceiveMessageWaitTimeSeconds 0-20 (default 0), VisibilityTimeout 0-43,200 (default 30),
// RedrivePolicy {deadLetterTargetArn, maxReceiveCount}; FifoQueue and ContentBasedDeduplication
// only on FIFO queues, whose names end in .fifo.

import { SqsError } from './sqs-error.ts';

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

interface Range {
  min: number;
  max: number;
  default: number;
  unit: string;
}

export const queueAttributeRanges: Readonly<Record<string, Range>> = {
  DelaySeconds: { min: 0, max: 900, default: 0, unit: 'seconds' },
  MaximumMessageSize: { min: 1024, max: 1_048_576, default: 1_048_576, unit: 'bytes' },
  MessageRetentionPeriod: { min: 60, max: 1_209_600, default: 345_600, unit: 'seconds' },
  ReceiveMessageWaitTimeSeconds: { min: 0, max: 20, default: 0, unit: 'seconds' },
  VisibilityTimeout: { min: 0, max: 43_200, default: 30, unit: 'seconds' },
  KmsDataKeyReusePeriodSeconds: { min: 60, max: 86_400, default: 300, unit: 'seconds' },
};

/** maxReceiveCount: SQS takes 1 to 1,000. */
export const maxReceiveCountRange = { min: 1, max: 1000 };

const settable = new Set([
  ...Object.keys(queueAttributeRanges),
  'Policy', 'RedrivePolicy', 'RedriveAllowPolicy', 'FifoQueue', 'ContentBasedDeduplication',
  'DeduplicationScope', 'FifoThroughputLimit', 'KmsMasterKeyId', 'SqsManagedSseEnabled',
]);
const fifoOnly = new Set(['FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);

/** Every name GetQueueAttributes answers for (besides All). */
export const readableQueueAttributes = [
  'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed', 'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp', 'LastModifiedTimestamp', 'QueueArn', ...settable,
] as const;

function checkBoolean(name: string, value: string): string {
  if (value !== 'true' && value !== 'false') throw new SqsError('InvalidAttributeValue', `Invalid value for the parameter ${name}: ${JSON.stringify(value)}; use "true" or "false".`);
  return value;
}

export function parseRedrivePolicy(text: string): RedrivePolicy {
  let parsed: { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new SqsError('InvalidAttributeValue', `RedrivePolicy ${JSON.stringify(text)} is not JSON; give {"deadLetterTargetArn":"arn:aws:sqs:...","maxReceiveCount":5}.`);
  }
  const count = Number(parsed.maxReceiveCount ?? 10);
  if (typeof parsed.deadLetterTargetArn !== 'string' || !parsed.deadLetterTargetArn.startsWith('arn:')) {
    throw new SqsError('InvalidAttributeValue', `RedrivePolicy needs deadLetterTargetArn, the ARN of an existing queue (arn:aws:sqs:region:account:name); got ${JSON.stringify(parsed.deadLetterTargetArn)}.`);
  }
  if (!Number.isInteger(count) || count < maxReceiveCountRange.min || count > maxReceiveCountRange.max) {
    throw new SqsError('InvalidAttributeValue', `RedrivePolicy maxReceiveCount ${JSON.stringify(parsed.maxReceiveCount)} must be a whole number from ${maxReceiveCountRange.min} to ${maxReceiveCountRange.max}.`);
  }
  return { deadLetterTargetArn: parsed.deadLetterTargetArn, maxReceiveCount: count };
}

/**
 * Checks attributes given to CreateQueue or SetQueueAttributes and returns them normalised
 * (numbers as SQS prints them). `fifo` says whether the queue's name ends in .fifo.
 */
export function checkQueueAttributes(given: Record<string, string>, fifo: boolean): Record<string, string> {
  const checked: Record<string, string> = {};
  for (const [name, raw] of Object.entries(given)) {
    const value = String(raw);
    if (!settable.has(name)) {
      throw new SqsError('InvalidAttributeName', `Unknown attribute ${name}. SQS queue attributes that can be set: ${[...settable].join(', ')}.`);
    }
    if (fifoOnly.has(name) && !fifo) {
      if (name === 'FifoQueue' && value === 'false') continue;
      throw new SqsError('InvalidAttributeName', `${name} applies only to FIFO queues, whose names end in .fifo.`);
    }
    const range = queueAttributeRanges[name];
    if (range) {
      const number = Number(value);
      if (value.trim() === '' || !Number.isInteger(number) || number < range.min || number > range.max) {
        throw new SqsError('InvalidAttributeValue', `Invalid value for the parameter ${name}: ${JSON.stringify(value)}. It must be a whole number of ${range.unit} from ${range.min} to ${range.max}.`);
      }
      checked[name] = String(number);
    } else if (name === 'RedrivePolicy') {
      checked[name] = value === '' ? '' : JSON.stringify(parseRedrivePolicy(value));
    } else if (name === 'FifoQueue' || name === 'ContentBasedDeduplication' || name === 'SqsManagedSseEnabled') {
      checked[name] = checkBoolean(name, value);
    } else if (name === 'DeduplicationScope' && value !== 'messageGroup' && value !== 'queue') {
      throw new SqsError('InvalidAttributeValue', `DeduplicationScope ${JSON.stringify(value)} must be messageGroup or queue.`);
    } else if (name === 'FifoThroughputLimit' && value !== 'perQueue' && value !== 'perMessageGroupId') {
      throw new SqsError('InvalidAttributeValue', `FifoThroughputLimit ${JSON.stringify(value)} must be perQueue or perMessageGroupId.`);
    } else {
      checked[name] = value;
    }
  }
  if (fifo && checked.FifoQueue === 'false') throw new SqsError('InvalidAttributeValue', 'A queue whose name ends in .fifo is a FIFO queue: FifoQueue cannot be false.');
  if (!fifo && given.FifoQueue === 'true') throw new SqsError('InvalidParameterValue', 'FifoQueue is true, and a FIFO queue name must end with the .fifo suffix: add .fifo to the name (or leave the name out).');
  return checked;
}

/** The attributes a new queue has before any are given. */
export function defaultQueueAttributes(fifo: boolean): Record<string, string> {
  const defaults: Record<string, string> = {
    DelaySeconds: '0',
    MaximumMessageSize: String(queueAttributeRanges.MaximumMessageSize!.default),
    MessageRetentionPeriod: String(queueAttributeRanges.MessageRetentionPeriod!.default),
    ReceiveMessageWaitTimeSeconds: '0',
    VisibilityTimeout: '30',
    SqsManagedSseEnabled: 'true',
  };
  if (fifo) Object.assign(defaults, { FifoQueue: 'true', ContentBasedDeduplication: 'false', DeduplicationScope: 'queue', FifoThroughputLimit: 'perQueue' });
  return defaults;
}
