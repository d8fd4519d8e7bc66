// Lambda's SQS poller for one event source mapping, as a client of the Lambda port: it long-polls
// the queue, gathers a batch (BatchSize, MaximumBatchingWindowInSeconds, 6 MB), invokes the
// function synchronously with Lambda's SQS event, and deletes what succeeded. A failed batch is
// not deleted: its messages come back after the visibility timeout, and SQS moves a message to
// the queue's dead-letter queue once it has been received maxReceiveCount times.
// Sources: LDG with-sqs.md ("Polling and batching", "Scaling", "Backoff"); DG services-sqs-errorhandling.html;
// GO events/testdata/sqs-event.json (the record's shape); DG services-sqs-scaling.html ("Lambda
// starts processing five batches at a time with five concurrent invocations", then adds up to 300
// a minute; ScalingConfig.MaximumConcurrency caps them; a FIFO group's failed messages are retried
// before Lambda takes more of that group, which the queue's own group rule gives).
//
// Locally the poller keeps the five concurrent batches Lambda starts with (or MaximumConcurrency
// when it is set): a laptop is not a Region, and five already shows what concurrency does.

import type { Clock } from '../../runtime/clock.ts';
import { limits } from '../../runtime/limits.ts';
import type { LambdaPort } from '../lambda-port.ts';
import { readBatchResponse } from './mapping-batch-response.ts';
import { filterValue, recordFilter, type RecordFilter } from './mapping-filter.ts';
import type { MappingConfiguration } from './mapping-config.ts';
import type { SqsAttributes } from './sqs-message.ts';
import type { SqsQueue, SqsReceivedMessage } from './sqs-queue.ts';

/** Concurrent batches without ScalingConfig (Lambda starts with five and scales up from there). */
export const initialSqsConcurrency = 5;

export interface SqsBatchOutcome {
  messages: number;
  deleted: number;
  /** Why the batch (or some of it) goes back to the queue; undefined when it all succeeded. */
  failure?: string;
  requestId?: string;
}

export interface SqsPollerOptions {
  mapping: MappingConfiguration;
  queue: SqsQueue;
  port: LambdaPort;
  clock: Clock;
  region: string;
  /** The function's timeout, for the visibility a batch is received with. */
  functionTimeoutSeconds: number;
  /**
   * The queue the mapping's ARN names now: after DeleteQueue it is gone (the poller waits), and a
   * queue created again under the name is read instead, as Lambda reads by ARN.
   */
  currentQueue?: () => SqsQueue | undefined;
  /** Told after each batch (outputs, metrics, the console). */
  onBatch?: (outcome: SqsBatchOutcome) => void;
}

/** The record Lambda puts in an SQS event for one message. */
export function sqsRecord(message: SqsReceivedMessage, queueArn: string, region: string): Record<string, unknown> {
  const record: Record<string, unknown> = {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: message.attributes,
    messageAttributes: lambdaAttributes(message.messageAttributes),
    md5OfBody: message.md5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
  if (message.md5OfMessageAttributes) record.md5OfMessageAttributes = message.md5OfMessageAttributes;
  return record;
}

/** Message attributes as Lambda writes them in an event: camelCase, binary as base64, list members present. */
function lambdaAttributes(attributes: SqsAttributes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes)) {
    out[name] = {
      ...(value.stringValue !== undefined ? { stringValue: value.stringValue } : {}),
      ...(value.binaryValue !== undefined ? { binaryValue: value.binaryValue.toString('base64') } : {}),
      stringListValues: [],
      binaryListValues: [],
      dataType: value.dataType,
    };
  }
  return out;
}

/**
 * The trace header the batch's invocation carries, for recursive loop detection: the first
 * message's AWSTraceHeader that has a lineage (a message a function sent), else the first one.
 */
function batchTraceHeader(messages: SqsReceivedMessage[]): string | undefined {
  const headers = messages.map((m) => m.attributes.AWSTraceHeader).filter((h): h is string => typeof h === 'string' && h !== '');
  return headers.find((h) => h.includes('Lineage=')) ?? headers[0];
}

export class SqsPoller {
  private readonly options: SqsPollerOptions;
  private readonly stopping = new AbortController();
  private readonly workers: Promise<void>[] = [];
  private queue: SqsQueue;
  private readonly filter: RecordFilter | undefined;

  constructor(options: SqsPollerOptions) {
    this.options = options;
    this.queue = options.queue;
    this.filter = recordFilter(options.mapping.FilterCriteria);
  }

  /** Concurrent batches this mapping may have in flight. */
  get concurrency(): number {
    return this.options.mapping.ScalingConfig?.MaximumConcurrency ?? initialSqsConcurrency;
  }

  start(): void {
    for (let i = 0; i < this.concurrency; i++) this.workers.push(this.work());
  }

  /** Stops polling; a batch under way finishes (its invocation is bounded by the function timeout). */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled(this.workers);
  }

  private async work(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      const queue = this.options.currentQueue ? this.options.currentQueue() : this.queue;
      if (!queue) {
        // The queue was deleted: a deleted queue answers at once, so wait on the clock, then look again.
        await this.options.clock.sleep(5000, signal).catch(() => undefined);
        continue;
      }
      this.queue = queue;
      let batch: SqsReceivedMessage[];
      try {
        batch = await this.gather(signal, queue);
      } catch {
        // The queue refused the poll: wait a little, as Lambda backs off, and try again.
        await this.options.clock.sleep(1000, signal).catch(() => undefined);
        continue;
      }
      if (batch.length === 0) continue;
      this.options.onBatch?.(await this.process(batch, queue));
    }
  }

  /**
   * Receives up to BatchSize messages: one receive when there is no batching window; with one,
   * receives until the batch is full, the window (from the first message) ends, or 6 MB is reached.
   */
  private async gather(signal: AbortSignal, queue: SqsQueue): Promise<SqsReceivedMessage[]> {
    const { mapping, clock } = this.options;
    const windowMs = mapping.MaximumBatchingWindowInSeconds * 1000;
    // LDG with-sqs.md: when window + function timeout exceed the queue's visibility timeout, the
    // messages are hidden for window + timeout + 30 s, so none comes back while it is worked on.
    const needed = mapping.MaximumBatchingWindowInSeconds + this.options.functionTimeoutSeconds;
    const visibility = needed > queue.visibilityTimeoutSeconds ? needed + 30 : undefined;
    const batch: SqsReceivedMessage[] = [];
    const receive = (wait: number) =>
      queue.receive({ maxMessages: Math.min(10, mapping.BatchSize - batch.length), waitTimeSeconds: wait, signal, ...(visibility !== undefined ? { visibilityTimeoutSeconds: visibility } : {}) });
    let bytes = 20;
    const add = (messages: SqsReceivedMessage[]) => {
      for (const message of messages) {
        const size = Buffer.byteLength(JSON.stringify(sqsRecord(message, queue.arn, this.options.region))) + 1;
        // A message that would take the event past 6 MB waits for the next batch.
        if (batch.length > 0 && bytes + size > limits.syncPayload.max) queue.changeVisibility(message.receiptHandle, 0);
        else {
          batch.push(message);
          bytes += size;
        }
      }
    };
    add(await receive(20));
    if (batch.length === 0 || windowMs === 0) return batch;
    const deadline = clock.now() + windowMs;
    while (batch.length < mapping.BatchSize && clock.now() < deadline && !signal.aborted && bytes < limits.syncPayload.max) {
      const got = await receive(0);
      if (got.length > 0) add(got);
      else await this.untilAvailable(queue, deadline - clock.now(), signal);
    }
    return batch;
  }

  /** Waits until the queue may have a message, the time is up, or the poller stops. */
  private untilAvailable(queue: SqsQueue, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        timer.cancel();
        unsubscribe();
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = this.options.clock.setTimer(ms, done);
      const unsubscribe = queue.onAvailable(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private async process(received: SqsReceivedMessage[], queue: SqsQueue): Promise<SqsBatchOutcome> {
    const { mapping, port, region } = this.options;
    // FilterCriteria: a message no filter matches is deleted without reaching the function.
    const filter = this.filter;
    const batch = filter ? received.filter((m) => filter({ body: filterValue(m.body) })) : received;
    for (const message of received) if (!batch.includes(message)) queue.deleteMessage(message.receiptHandle);
    const filtered = received.length - batch.length;
    if (batch.length === 0) return { messages: received.length, deleted: filtered };
    const records = batch.map((m) => sqsRecord(m, queue.arn, region));
    const traceHeader = batchTraceHeader(batch);
    let failure: string | undefined;
    let failedIds = new Set<string>();
    let requestId: string | undefined;
    try {
      const result = await port.invoke({ functionName: mapping.FunctionArn, payload: JSON.stringify({ Records: records }), ...(traceHeader ? { traceHeader } : {}) });
      requestId = result.requestId;
      if (result.functionError) failure = `the function failed (${errorType(result.payload)})`;
      else if (mapping.FunctionResponseTypes.includes('ReportBatchItemFailures')) {
        const verdict = readBatchResponse(result.payload, batch.map((m) => m.messageId));
        if (verdict.kind === 'failure') failure = `the whole batch failed: ${verdict.reason}`;
        else if (verdict.kind === 'partial') {
          failedIds = new Set(verdict.failed);
          failure = `${verdict.failed.length} of ${batch.length} messages reported as failed`;
        }
      }
    } catch (error) {
      const e = error as { name?: string; message?: string };
      failure = `the invoke was refused: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
    }
    const wholeBatchFailed = failure !== undefined && failedIds.size === 0;
    let deleted = 0;
    if (!wholeBatchFailed) {
      for (const message of batch) {
        if (failedIds.has(message.messageId)) continue;
        queue.deleteMessage(message.receiptHandle);
        deleted += 1;
      }
    }
    return { messages: received.length, deleted: deleted + filtered, ...(failure ? { failure } : {}), ...(requestId ? { requestId } : {}) };
  }
}

function errorType(payload: Buffer): string {
  try {
    const parsed = JSON.parse(payload.toString('utf8')) as { errorType?: string; errorMessage?: string };
    return [parsed.errorType, parsed.errorMessage].filter(Boolean).join(': ') || 'Unhandled';
  } catch {
    return 'Unhandled';
  }
}
