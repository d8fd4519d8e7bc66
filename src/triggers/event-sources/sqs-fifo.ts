// What a FIFO queue checks and remembers on each send: the message group id (required), the
// deduplication id (given, or the body's SHA-256 with ContentBasedDeduplication), a duplicate
// within the 5-minute window accepted without being queued again (per queue, or per group with
// DeduplicationScope messageGroup), and sequence numbers that increase within the queue.
// Source: SQS API reference SendMessage (MessageDeduplicationId, MessageGroupId: up to 128 of
// letters, digits and punctuation; SequenceNumber "large, non-consecutive"); FIFO-queues-exactly-once-processing.html.

import { createHash } from 'node:crypto';
import { SqsError } from './sqs-error.ts';
import type { SqsSendInput, SqsSendResult } from './sqs-types.ts';

/** The deduplication window of FIFO queues: 5 minutes. */
export const deduplicationWindowMs = 5 * 60_000;

const fifoIdPattern = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;

export function checkFifoId(name: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new SqsError('MissingParameter', `The request must contain the parameter ${name}: FIFO queues need it on every message.`);
  if (!fifoIdPattern.test(value)) {
    throw new SqsError('InvalidParameterValue', `${name} ${JSON.stringify(value)} must be 1 to 128 characters of letters, digits and punctuation (no spaces).`);
  }
  return value;
}

export type FifoAcceptance = { groupId: string; deduplicationId: string; key: string } | { duplicateOf: SqsSendResult };

export class FifoRules {
  private readonly queueName: string;
  private readonly seen = new Map<string, { at: number; result: SqsSendResult }>();
  private sequence = 0n;

  constructor(queueName: string) {
    this.queueName = queueName;
  }

  /** Checks a send; a duplicate within the window gives the first send's result back. */
  accept(input: SqsSendInput, body: string, attributes: Readonly<Record<string, string>>, now: number): FifoAcceptance {
    const groupId = checkFifoId('MessageGroupId', input.messageGroupId);
    const deduplicationId = input.messageDeduplicationId !== undefined
      ? checkFifoId('MessageDeduplicationId', input.messageDeduplicationId)
      : attributes.ContentBasedDeduplication === 'true'
        ? createHash('sha256').update(body, 'utf8').digest('hex')
        : undefined;
    if (deduplicationId === undefined) {
      throw new SqsError('InvalidParameterValue', `FIFO queue ${this.queueName} needs a MessageDeduplicationId on each message, or ContentBasedDeduplication set to true on the queue.`);
    }
    const key = attributes.DeduplicationScope === 'messageGroup' ? `${groupId}\u0000${deduplicationId}` : deduplicationId;
    if (this.seen.size > 1000) {
      for (const [old, entry] of this.seen) if (now - entry.at >= deduplicationWindowMs) this.seen.delete(old);
    }
    const earlier = this.seen.get(key);
    if (earlier && now - earlier.at < deduplicationWindowMs) return { duplicateOf: earlier.result };
    return { groupId, deduplicationId, key };
  }

  remember(key: string, result: SqsSendResult, now: number): void {
    this.seen.set(key, { at: now, result });
  }

  /** 20 digits like SQS's, increasing within the queue. */
  nextSequenceNumber(now: number): string {
    const floor = BigInt(now) * 10_000_000n;
    this.sequence = this.sequence >= floor ? this.sequence + 1n : floor;
    return this.sequence.toString().padStart(20, '0');
  }
}
