// The shapes the SQS queue model takes and gives (sqs-queue.ts re-exports them): what a sender
// gives, what a receiver gets, and what a queue tells its metrics.

import type { ClockTimer } from '../../runtime/clock.ts';
import type { SqsAttributes } from './sqs-message.ts';

export interface SqsSendInput {
  body: string;
  delaySeconds?: number;
  messageAttributes?: SqsAttributes;
  /** The X-Ray trace header, kept as the AWSTraceHeader system attribute (recursion detection reads it). */
  traceHeader?: string;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  senderId?: string;
}

export interface SqsSendResult {
  messageId: string;
  md5OfMessageBody: string;
  md5OfMessageAttributes?: string;
  /** FIFO only. */
  sequenceNumber?: string;
}

export interface SqsReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  /** Every system attribute SQS has for it, as strings; the endpoint filters by what was asked. */
  attributes: Record<string, string>;
  messageAttributes: SqsAttributes;
  md5OfMessageAttributes?: string;
}

export interface SqsReceiveOptions {
  /** 1-10, default 1. */
  maxMessages?: number;
  /** Overrides the queue's VisibilityTimeout for these messages. */
  visibilityTimeoutSeconds?: number;
  /** Long polling: waits up to this long for a first message (default: the queue's ReceiveMessageWaitTimeSeconds). */
  waitTimeSeconds?: number;
  /** Ends a long poll at once with no messages (a client that went away, a poller stopping). */
  signal?: AbortSignal;
}

/** What a queue did, for its AWS/SQS metrics (sqs-metrics.ts). */
export type SqsActivity =
  | { kind: 'sent'; bytes: number }
  | { kind: 'received'; messages: number }
  | { kind: 'deleted' };

export interface SqsQueueCounts {
  visible: number;
  notVisible: number;
  delayed: number;
}

/** A message as the queue keeps it. */
export interface QueuedMessage {
  id: string;
  body: string;
  md5: string;
  attributes: SqsAttributes;
  md5Attributes: string | undefined;
  system: Record<string, string>;
  groupId: string | undefined;
  /** Clock time retention counts from. */
  enqueuedAt: number;
  /** Clock time it came into this queue (sent, or moved here from a source queue). */
  arrivedAt: number;
  receiveCount: number;
  firstReceivedAt: number | undefined;
  /** Clock time from which it can be received. */
  visibleAt: number;
  inFlight: boolean;
  handle: string | undefined;
  timer: ClockTimer | undefined;
}
