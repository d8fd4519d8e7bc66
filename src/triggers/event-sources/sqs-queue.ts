// One SQS queue, standard or FIFO, on the stack's clock: what the endpoint's SQS protocol and
// Lambda's SQS poller (event source mappings) both use. The poller's API:
//
//   const messages = await queue.receive({ maxMessages: 10, visibilityTimeoutSeconds, waitTimeSeconds, signal });
//   // each: messageId, receiptHandle, body, md5OfBody, attributes (ApproximateReceiveCount,
//   //   SentTimestamp, ApproximateFirstReceiveTimestamp, SenderId, AWSTraceHeader, MessageGroupId, ...),
//   //   messageAttributes, md5OfMessageAttributes
//   queue.deleteMessage(receiptHandle);                 // done: gone for good
//   queue.changeVisibility(receiptHandle, seconds);     // 0 = back to the queue now
//   const stop = queue.onAvailable(() => poll());       // told when a message may be receivable
//   queue.counts();  queue.visibilityTimeoutSeconds;  queue.redrivePolicy;  queue.arn;  queue.fifo
//
// What SQS does, and this does too (SQS Developer Guide: sqs-visibility-timeout.html,
// sqs-dead-letter-queues.html, setting-up-dead-letter-queue-retention.html, FIFO-queues-*.html;
// API reference ReceiveMessage, DeleteMessage, ChangeMessageVisibility):
// - a received message is hidden for the visibility timeout, then comes back with
//   ApproximateReceiveCount one higher; each receive gives a new receipt handle, and deleting
//   with an older handle succeeds without deleting (this model always keeps it);
// - once a message has been received maxReceiveCount times, the next receive moves it to the
//   RedrivePolicy's dead-letter queue instead (standard: enqueue time kept; FIFO: reset);
// - messages older than MessageRetentionPeriod are dropped; DelaySeconds hides new messages;
// - FIFO: messages of one group come in order and none while an earlier one is in flight;
//   a deduplication id (or the body's SHA-256 with ContentBasedDeduplication) seen in the last
//   5 minutes is accepted and not queued again.

import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../../runtime/clock.ts';
import { parseRedrivePolicy, type RedrivePolicy } from './sqs-attributes.ts';
import { SqsError } from './sqs-error.ts';
import { checkFifoId, FifoRules, type FifoAcceptance } from './sqs-fifo.ts';
import { attributesSize, checkAttributes, checkBody, md5OfAttributes, md5OfBody } from './sqs-message.ts';
import type { QueuedMessage, SqsActivity, SqsQueueCounts, SqsReceivedMessage, SqsReceiveOptions, SqsSendInput, SqsSendResult } from './sqs-types.ts';

export { deduplicationWindowMs } from './sqs-fifo.ts';
export type { SqsActivity, SqsQueueCounts, SqsReceivedMessage, SqsReceiveOptions, SqsSendInput, SqsSendResult } from './sqs-types.ts';
/** ReceiveMessage: MaxNumberOfMessages 1-10; WaitTimeSeconds 0-20. */
export const maxReceiveBatch = 10;
export const maxWaitTimeSeconds = 20;

export interface SqsQueueOptions {
  name: string;
  arn: string;
  url: string;
  /** Checked attributes (sqs-attributes.ts), defaults included. */
  attributes: Record<string, string>;
  clock: Clock;
  /** Finds a queue by ARN: the dead-letter queue of a RedrivePolicy. */
  findByArn(arn: string): SqsQueue | undefined;
}

export class SqsQueue {
  readonly name: string;
  readonly arn: string;
  readonly url: string;
  readonly fifo: boolean;
  readonly createdAt: number;
  lastModifiedAt: number;
  private attributeValues: Record<string, string>;
  private readonly clock: Clock;
  private readonly findByArn: (arn: string) => SqsQueue | undefined;
  private readonly messages = new Map<string, QueuedMessage>();
  private readonly listeners = new Set<() => void>();
  private readonly activity = new Set<(event: SqsActivity) => void>();
  private readonly fifoRules: FifoRules;
  private lastPurgeAt = -Infinity;
  private sweptAt = -Infinity;
  private closed = false;

  constructor(options: SqsQueueOptions) {
    this.name = options.name;
    this.arn = options.arn;
    this.url = options.url;
    this.fifo = options.name.endsWith('.fifo');
    this.clock = options.clock;
    this.findByArn = options.findByArn;
    this.fifoRules = new FifoRules(options.name);
    this.attributeValues = { ...options.attributes };
    this.createdAt = this.lastModifiedAt = options.clock.now();
  }

  get attributes(): Readonly<Record<string, string>> {
    return this.attributeValues;
  }

  /** Replaces the given attributes (already checked); the rest stay. */
  setAttributes(checked: Record<string, string>): void {
    for (const [name, value] of Object.entries(checked)) {
      if (name === 'RedrivePolicy' && value === '') delete this.attributeValues[name];
      else this.attributeValues[name] = value;
    }
    this.lastModifiedAt = this.clock.now();
    this.notify();
  }

  get visibilityTimeoutSeconds(): number {
    return Number(this.attributeValues.VisibilityTimeout);
  }

  get redrivePolicy(): RedrivePolicy | undefined {
    const text = this.attributeValues.RedrivePolicy;
    return text ? parseRedrivePolicy(text) : undefined;
  }

  private seconds(name: string): number {
    return Number(this.attributeValues[name]);
  }

  send(input: SqsSendInput): SqsSendResult {
    const body = checkBody(input.body);
    const attributes = checkAttributes(input.messageAttributes ?? {});
    const size = Buffer.byteLength(body) + attributesSize(attributes);
    const maximum = this.seconds('MaximumMessageSize');
    if (size > maximum) {
      throw new SqsError('InvalidParameterValue', `The message is ${size} bytes (body and attributes); queue ${this.name} takes at most ${maximum} bytes (its MaximumMessageSize). Send a smaller message, or store the payload elsewhere and send a reference.`);
    }
    const now = this.clock.now();
    let delay = this.seconds('DelaySeconds');
    if (input.delaySeconds !== undefined) {
      if (this.fifo) throw new SqsError('InvalidParameterValue', `FIFO queue ${this.name} takes no DelaySeconds per message; set the queue's DelaySeconds instead.`);
      if (!Number.isInteger(input.delaySeconds) || input.delaySeconds < 0 || input.delaySeconds > 900) {
        throw new SqsError('InvalidParameterValue', `DelaySeconds ${input.delaySeconds} must be a whole number from 0 to 900.`);
      }
      delay = input.delaySeconds;
    }
    const system: Record<string, string> = { SenderId: input.senderId ?? 'AIDALOCALSENDER', SentTimestamp: String(now) };
    if (input.traceHeader) system.AWSTraceHeader = input.traceHeader;
    let accepted: FifoAcceptance | undefined;
    if (this.fifo) {
      accepted = this.fifoRules.accept(input, body, this.attributeValues, now);
      if ('duplicateOf' in accepted) return accepted.duplicateOf;
      Object.assign(system, { MessageGroupId: accepted.groupId, MessageDeduplicationId: accepted.deduplicationId });
    } else {
      if (input.messageDeduplicationId !== undefined) {
        throw new SqsError('InvalidParameterValue', `MessageDeduplicationId applies only to FIFO queues; ${this.name} is a standard queue.`);
      }
      if (input.messageGroupId !== undefined) system.MessageGroupId = checkFifoId('MessageGroupId', input.messageGroupId);
    }
    const message: QueuedMessage = {
      id: randomUUID(),
      body,
      md5: md5OfBody(body),
      attributes,
      md5Attributes: md5OfAttributes(attributes),
      system,
      groupId: system.MessageGroupId,
      enqueuedAt: now,
      arrivedAt: now,
      receiveCount: 0,
      firstReceivedAt: undefined,
      visibleAt: now + delay * 1000,
      inFlight: false,
      handle: undefined,
      timer: undefined,
    };
    const result: SqsSendResult = { messageId: message.id, md5OfMessageBody: message.md5 };
    if (message.md5Attributes) result.md5OfMessageAttributes = message.md5Attributes;
    if (accepted && !('duplicateOf' in accepted)) {
      result.sequenceNumber = system.SequenceNumber = this.fifoRules.nextSequenceNumber(now);
      this.fifoRules.remember(accepted.key, result, now);
    }
    this.enqueue(message);
    this.tell({ kind: 'sent', bytes: size });
    return result;
  }

  /** Takes a message another queue gave up (redrive): same id, body and attributes. */
  private acceptDeadLetter(message: QueuedMessage, sourceArn: string): void {
    const now = this.clock.now();
    this.enqueue({
      ...message,
      system: { ...message.system, DeadLetterQueueSourceArn: sourceArn },
      enqueuedAt: this.fifo ? now : message.enqueuedAt,
      arrivedAt: now,
      visibleAt: now,
      inFlight: false,
      handle: undefined,
      timer: undefined,
    });
  }

  private enqueue(message: QueuedMessage): void {
    if (this.closed) throw new SqsError('QueueDoesNotExist', `Queue ${this.name} was deleted.`);
    this.messages.set(message.id, message);
    if (message.visibleAt > this.clock.now()) this.wakeAt(message);
    else this.notify();
  }

  async receive(options: SqsReceiveOptions = {}): Promise<SqsReceivedMessage[]> {
    const max = options.maxMessages ?? 1;
    if (!Number.isInteger(max) || max < 1 || max > maxReceiveBatch) {
      throw new SqsError('InvalidParameterValue', `MaxNumberOfMessages ${max} must be a whole number from 1 to ${maxReceiveBatch}.`);
    }
    const visibility = options.visibilityTimeoutSeconds ?? this.visibilityTimeoutSeconds;
    if (!Number.isInteger(visibility) || visibility < 0 || visibility > 43_200) {
      throw new SqsError('InvalidParameterValue', `VisibilityTimeout ${visibility} must be a whole number of seconds from 0 to 43200 (12 hours).`);
    }
    const wait = options.waitTimeSeconds ?? this.seconds('ReceiveMessageWaitTimeSeconds');
    if (!Number.isInteger(wait) || wait < 0 || wait > maxWaitTimeSeconds) {
      throw new SqsError('InvalidParameterValue', `WaitTimeSeconds ${wait} must be a whole number from 0 to ${maxWaitTimeSeconds}.`);
    }
    const deadline = this.clock.now() + wait * 1000;
    for (;;) {
      // A caller that went away takes nothing: what it would have taken stays visible.
      if (options.signal?.aborted) return [];
      const batch = this.take(max, visibility);
      if (batch.length > 0 || this.closed || this.clock.now() >= deadline) {
        this.tell({ kind: 'received', messages: batch.length });
        return batch;
      }
      await this.change(deadline - this.clock.now(), options.signal);
    }
  }

  /** Resolves when a message may have become receivable, the time is up, or the signal aborts. */
  private change(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        timer.cancel();
        this.listeners.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = this.clock.setTimer(ms, done);
      this.listeners.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private take(max: number, visibilitySeconds: number): SqsReceivedMessage[] {
    const now = this.clock.now();
    this.dropExpired(now);
    const busyGroups = new Set<string>();
    if (this.fifo) for (const m of this.messages.values()) if (m.inFlight && m.visibleAt > now) busyGroups.add(m.groupId!);
    const redrive = this.redrivePolicy;
    const taken: SqsReceivedMessage[] = [];
    for (const message of this.messages.values()) {
      if (taken.length >= max) break;
      if (message.visibleAt > now) continue;
      if (this.fifo && busyGroups.has(message.groupId!)) continue;
      if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
        const deadLetters = this.findByArn(redrive.deadLetterTargetArn);
        if (deadLetters && !deadLetters.closed) {
          this.remove(message);
          deadLetters.acceptDeadLetter(message, this.arn);
          continue;
        }
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.handle = `${randomBytes(18).toString('base64url')}.${message.id}`;
      message.inFlight = true;
      message.visibleAt = now + visibilitySeconds * 1000;
      this.wakeAt(message);
      taken.push(this.view(message));
    }
    // A FIFO batch holds messages of the groups it took (in order); those groups are busy now.
    return taken;
  }

  private view(message: QueuedMessage): SqsReceivedMessage {
    const received: SqsReceivedMessage = {
      messageId: message.id,
      receiptHandle: message.handle!,
      body: message.body,
      md5OfBody: message.md5,
      attributes: {
        ...message.system,
        ApproximateReceiveCount: String(message.receiveCount),
        ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt),
      },
      messageAttributes: message.attributes,
    };
    if (message.md5Attributes) received.md5OfMessageAttributes = message.md5Attributes;
    return received;
  }

  /** The message a receipt handle names, with whether the handle is its latest. */
  private byHandle(receiptHandle: string): { message?: QueuedMessage; latest: boolean } {
    const dot = typeof receiptHandle === 'string' ? receiptHandle.lastIndexOf('.') : -1;
    if (dot < 1) throw new SqsError('ReceiptHandleIsInvalid', `The receipt handle ${JSON.stringify(receiptHandle)} is not one SQS gave out. Use the ReceiptHandle of a message from ReceiveMessage (not its MessageId).`);
    const message = this.messages.get(receiptHandle.slice(dot + 1));
    return message ? { message, latest: message.handle === receiptHandle } : { latest: false };
  }

  /**
   * Deletes a received message. A handle from an earlier receive (the message came back and was
   * received again) succeeds and deletes nothing, as SQS's "might not be deleted" allows.
   */
  deleteMessage(receiptHandle: string): void {
    const { message, latest } = this.byHandle(receiptHandle);
    if (message && latest) {
      this.remove(message);
      this.tell({ kind: 'deleted' });
    }
  }

  changeVisibility(receiptHandle: string, seconds: number): void {
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 43_200) {
      throw new SqsError('InvalidParameterValue', `VisibilityTimeout ${seconds} must be a whole number of seconds from 0 to 43200 (12 hours).`);
    }
    const { message, latest } = this.byHandle(receiptHandle);
    const now = this.clock.now();
    if (!message || !latest) throw new SqsError('ReceiptHandleIsInvalid', `The receipt handle has expired: the message was deleted or received again since. Use the handle of the latest receive.`);
    if (!message.inFlight || message.visibleAt <= now) {
      throw new SqsError('MessageNotInflight', `Message ${message.id} is not in flight: its visibility timeout ended. Receive it again to change its visibility.`);
    }
    message.visibleAt = now + seconds * 1000;
    this.wakeAt(message);
    if (seconds === 0) this.notify();
  }

  /** Deletes every message; SQS allows one purge per 60 seconds. */
  purge(): void {
    const now = this.clock.now();
    if (now - this.lastPurgeAt < 60_000) {
      throw new SqsError('PurgeQueueInProgress', `Queue ${this.name} was purged ${Math.round((now - this.lastPurgeAt) / 1000)} s ago; SQS allows one PurgeQueue every 60 seconds.`);
    }
    this.lastPurgeAt = now;
    for (const message of [...this.messages.values()]) this.remove(message);
  }

  counts(): SqsQueueCounts {
    const now = this.clock.now();
    this.dropExpired(now);
    const counts: SqsQueueCounts = { visible: 0, notVisible: 0, delayed: 0 };
    for (const m of this.messages.values()) {
      if (m.visibleAt <= now) counts.visible += 1;
      else if (m.inFlight) counts.notVisible += 1;
      else counts.delayed += 1;
    }
    return counts;
  }

  /** Clock time the longest-waiting message came into this queue; undefined when it is empty. */
  oldestArrival(): number | undefined {
    this.dropExpired(this.clock.now());
    let oldest: number | undefined;
    for (const m of this.messages.values()) if (oldest === undefined || m.arrivedAt < oldest) oldest = m.arrivedAt;
    return oldest;
  }

  /** Calls `listener` with each send, receive call and delete (what AWS/SQS metrics count). */
  onActivity(listener: (event: SqsActivity) => void): () => void {
    const wrapped = (event: SqsActivity) => listener(event);
    this.activity.add(wrapped);
    return () => this.activity.delete(wrapped);
  }

  private tell(event: SqsActivity): void {
    for (const listener of [...this.activity]) {
      try {
        listener(event);
      } catch {
        // Metrics must never fail a send or a receive.
      }
    }
  }

  /** Calls `listener` whenever a message may have become receivable; returns the unsubscribe. */
  onAvailable(listener: () => void): () => void {
    const wrapped = () => listener();
    this.listeners.add(wrapped);
    return () => this.listeners.delete(wrapped);
  }

  /** Deleted: wakes long polls, forgets messages and timers. */
  close(): void {
    this.closed = true;
    for (const message of this.messages.values()) message.timer?.cancel();
    this.messages.clear();
    this.notify();
    this.listeners.clear();
    this.activity.clear();
  }

  private dropExpired(now: number): void {
    // Retention is at least a minute: looking once per clock second is exact enough and keeps a
    // receive from walking a long queue each time.
    if (now - this.sweptAt < 1000) return;
    this.sweptAt = now;
    const retentionMs = this.seconds('MessageRetentionPeriod') * 1000;
    for (const message of this.messages.values()) {
      if (now - message.enqueuedAt >= retentionMs) this.remove(message);
    }
  }

  private remove(message: QueuedMessage): void {
    message.timer?.cancel();
    this.messages.delete(message.id);
  }

  private wakeAt(message: QueuedMessage): void {
    message.timer?.cancel();
    message.timer = this.clock.setTimer(message.visibleAt - this.clock.now(), () => {
      message.timer = undefined;
      this.notify();
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // One listener's failure must not keep the others from hearing.
      }
    }
  }
}
