// Lambda's Kinesis poller for one event source mapping, as a client of the Lambda port. Each shard
// is read in order from StartingPosition; its records go to ParallelizationFactor lanes by
// partition key, so one key stays in order, and each lane has at most one batch in flight. A
// failing batch blocks its lane (with a factor of 1, the shard) until it succeeds, is bisected
// down to what fails, runs out of MaximumRetryAttempts, or its records pass MaximumRecordAgeInSeconds;
// then its records are discarded, described to the on-failure destination, and the lane goes on.
// Sources: DG services-kinesis-parameters.html (parameters, defaults), LDG with-kinesis.md
// ("one concurrent invocation per shard"; ParallelizationFactor keeps order per partition key),
// DG kinesis-on-failure-destination.html (retries, bisect does not use up retries, an invoke
// refused before the function ran is retried until the records expire or pass their maximum age,
// records discarded afterwards, the invocation record), DG services-kinesis-batchfailurereporting.html,
// DG monitoring-metrics-types.html (IteratorAge: the age of the batch's last record when it was
// done), GO events/testdata/kinesis-event.json (the record's shape).

import { createHash } from 'node:crypto';
import type { Clock } from '../../runtime/clock.ts';
import { limits } from '../../runtime/limits.ts';
import type { LambdaPort, PortInvocationResult } from '../lambda-port.ts';
import type { KinesisRecord, KinesisStream, ShardPosition } from './kinesis-stream.ts';
import { readBatchResponse } from './mapping-batch-response.ts';
import { filterValue, recordFilter, type RecordFilter } from './mapping-filter.ts';
import type { MappingConfiguration } from './mapping-config.ts';
import type { BatchRecord } from './mapping-registry.ts';
import type { SqsQueue } from './sqs-queue.ts';

export interface KinesisPollerOptions {
  mapping: MappingConfiguration;
  stream: KinesisStream;
  port: LambdaPort;
  clock: Clock;
  region: string;
  /** The on-failure destination's queue, by ARN. */
  queueByArn: (arn: string) => SqsQueue | undefined;
  onBatch?: (record: BatchRecord) => void;
  /** Where to go on reading each shard (a mapping enabled again, or updated), instead of StartingPosition. */
  resumeAt?: ReadonlyMap<string, ShardPosition>;
}

/** The record Lambda puts in a Kinesis event for one stream record. */
export function kinesisRecord(record: KinesisRecord, streamArn: string, region: string, functionArn: string): Record<string, unknown> {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.partitionKey,
      sequenceNumber: record.sequenceNumber,
      data: record.data.toString('base64'),
      approximateArrivalTimestamp: record.approximateArrivalTimestamp / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${record.shardId}:${record.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    // The function's execution role on Lambda; a placeholder role of the account here.
    invokeIdentityArn: `arn:aws:iam::${functionArn.split(':')[4]}:role/lambda-execution-role`,
    awsRegion: region,
    eventSourceARN: streamArn,
  };
}

/** Why a batch was given up, as the invocation record's requestContext.condition says it. */
type Condition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

interface Lane {
  pending: KinesisRecord[];
  wake?: () => void;
}

/** Wait before retry n (1-based) of a failed batch, on the stack clock: 1 s, 2 s, 4 s ... up to 30 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

export class KinesisPoller {
  private readonly options: KinesisPollerOptions;
  private readonly stopping = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly shards: Array<{ position: ShardPosition; lanes: Lane[] }> = [];
  private unsubscribe: (() => void) | undefined;
  private readonly filter: RecordFilter | undefined;

  constructor(options: KinesisPollerOptions) {
    this.options = options;
    this.filter = recordFilter(options.mapping.FilterCriteria);
  }

  start(): void {
    const { stream, mapping } = this.options;
    const factor = mapping.ParallelizationFactor ?? 1;
    const wakers = new Map<string, Lane[]>();
    for (const shardId of stream.shardIds()) {
      const start = mapping.StartingPosition === 'AT_TIMESTAMP' ? { type: 'AT_TIMESTAMP' as const, timestamp: (mapping.StartingPositionTimestamp ?? 0) * 1000 } : { type: mapping.StartingPosition === 'LATEST' ? ('LATEST' as const) : ('TRIM_HORIZON' as const) };
      const shard = { position: this.options.resumeAt?.get(shardId) ?? stream.position(shardId, start), lanes: Array.from({ length: factor }, (): Lane => ({ pending: [] })) };
      this.shards.push(shard);
      wakers.set(shardId, shard.lanes);
      for (const lane of shard.lanes) this.loops.push(this.runLane(shard, lane));
    }
    this.unsubscribe = stream.onRecords((shardId) => {
      for (const lane of wakers.get(shardId) ?? []) lane.wake?.();
    });
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.unsubscribe?.();
    await Promise.allSettled(this.loops);
  }

  /** Each shard's checkpoint: the oldest record not yet done with, or where reading goes on. */
  checkpoints(): Map<string, ShardPosition> {
    const out = new Map<string, ShardPosition>();
    for (const shard of this.shards) {
      const heads = shard.lanes.map((l) => l.pending[0]).filter((r): r is KinesisRecord => r !== undefined);
      const oldest = heads.sort((a, b) => (a.sequenceNumber < b.sequenceNumber ? -1 : 1))[0];
      out.set(shard.position.shardId, oldest ? this.options.stream.position(shard.position.shardId, { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: oldest.sequenceNumber }) : shard.position);
    }
    return out;
  }

  /** Reads what the shard has into its lanes, by partition key (bounded, so a large backlog is read as it is worked off). */
  private fill(shard: { position: ShardPosition; lanes: Lane[] }): void {
    const { stream, mapping } = this.options;
    const room = mapping.BatchSize * shard.lanes.length * 2 - shard.lanes.reduce((n, l) => n + l.pending.length, 0);
    if (room <= 0) return;
    const { records, next } = stream.read(shard.position, Math.min(10_000, room));
    shard.position = next;
    for (const record of records) {
      const lane = shard.lanes[shard.lanes.length === 1 ? 0 : createHash('md5').update(record.partitionKey).digest().readUInt32BE(0) % shard.lanes.length]!;
      lane.pending.push(record);
      lane.wake?.();
    }
  }

  private wait(lane: Lane, ms?: number): Promise<void> {
    const signal = this.stopping.signal;
    return new Promise((resolve) => {
      const done = () => {
        timer?.cancel();
        lane.wake = undefined;
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = ms !== undefined ? this.options.clock.setTimer(ms, done) : undefined;
      lane.wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private async runLane(shard: { position: ShardPosition; lanes: Lane[] }, lane: Lane): Promise<void> {
    const { mapping, clock } = this.options;
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        this.fill(shard);
      } catch {
        // The stream was deleted: nothing more will come.
        return;
      }
      if (lane.pending.length === 0) {
        await this.wait(lane);
        continue;
      }
      if (mapping.MaximumBatchingWindowInSeconds > 0 && lane.pending.length < mapping.BatchSize) {
        const deadline = clock.now() + mapping.MaximumBatchingWindowInSeconds * 1000;
        while (!signal.aborted && lane.pending.length < mapping.BatchSize && clock.now() < deadline) {
          await this.wait(lane, deadline - clock.now());
          this.fill(shard);
        }
        if (signal.aborted) return;
      }
      const batch = this.takeBatch(lane);
      // A batch cut short by stop() stays pending: the checkpoint keeps it.
      if (await this.deliver(batch)) lane.pending.splice(0, batch.length);
    }
  }

  /** Up to BatchSize records from the lane's head, within the 6 MB synchronous payload. */
  private takeBatch(lane: Lane): KinesisRecord[] {
    const { mapping, stream, region } = this.options;
    const batch: KinesisRecord[] = [];
    let bytes = 20;
    for (const record of lane.pending) {
      if (batch.length >= mapping.BatchSize) break;
      const size = Buffer.byteLength(JSON.stringify(kinesisRecord(record, stream.arn, region, mapping.FunctionArn))) + 1;
      if (batch.length > 0 && bytes + size > limits.syncPayload.max) break;
      batch.push(record);
      bytes += size;
    }
    return batch;
  }

  /** Runs a batch to its end (success, or records given up after retries, bisection or age); false when stopped first. */
  private async deliver(read: KinesisRecord[]): Promise<boolean> {
    const { mapping, clock } = this.options;
    // FilterCriteria: a record no filter matches is passed over (checkpointed) without an invoke.
    const filter = this.filter;
    const batch = filter ? read.filter((r) => filter({ partitionKey: r.partitionKey, sequenceNumber: r.sequenceNumber, data: filterValue(r.data.toString('utf8')) })) : read;
    if (batch.length === 0) return true;
    const signal = this.stopping.signal;
    const maxRetries = mapping.MaximumRetryAttempts ?? -1;
    const maxAgeMs = (mapping.MaximumRecordAgeInSeconds ?? -1) * 1000;
    // Sub-batches still to do, in order; `retries` counts failed attempts (a bisection is not one).
    const todo: Array<{ records: KinesisRecord[]; retries: number; invokes: number; refusals: number }> = [{ records: batch, retries: 0, invokes: 0, refusals: 0 }];
    while (todo.length > 0 && !signal.aborted) {
      const current = todo[0]!;
      if (maxAgeMs >= 0 && clock.now() - current.records[0]!.approximateArrivalTimestamp > maxAgeMs) {
        // The oldest records are past the age limit: those are given up, the rest go on.
        const expired = current.records.filter((r) => clock.now() - r.approximateArrivalTimestamp > maxAgeMs);
        await this.giveUp(expired, 'RecordAgeExceeded', current.invokes, undefined);
        current.records = current.records.slice(expired.length);
        if (current.records.length === 0) todo.shift();
        continue;
      }
      current.invokes += 1;
      const outcome = await this.invoke(current.records);
      if (outcome.kind === 'success') {
        this.report(current.records, current.records.length);
        todo.shift();
        continue;
      }
      let remaining = current.records;
      if (outcome.kind === 'partial') {
        // Lambda checkpoints before the lowest failed sequence number and retries from there.
        const at = remaining.findIndex((r) => outcome.failed.includes(r.sequenceNumber));
        this.report(remaining, at, outcome.reason);
        remaining = remaining.slice(at);
      } else this.report(remaining, 0, outcome.reason);
      if (mapping.BisectBatchOnFunctionError && outcome.functionError && remaining.length > 1) {
        const half = Math.ceil(remaining.length / 2);
        todo.splice(0, 1, { ...current, records: remaining.slice(0, half) }, { ...current, records: remaining.slice(half) });
        continue;
      }
      current.records = remaining;
      if (outcome.kind === 'failure' && !outcome.result) {
        // The invoke itself was refused (throttled, function gone): Lambda retries until the
        // records expire or pass MaximumRecordAgeInSeconds; MaximumRetryAttempts counts function errors.
        current.invokes -= 1;
        current.refusals += 1;
        await clock.sleep(retryDelayMs(current.refusals), signal).catch(() => undefined);
        continue;
      }
      current.retries += 1;
      if (maxRetries >= 0 && current.retries > maxRetries) {
        await this.giveUp(remaining, 'RetryAttemptsExhausted', current.invokes, outcome.result);
        todo.shift();
        continue;
      }
      await clock.sleep(retryDelayMs(current.retries), signal).catch(() => undefined);
    }
    return todo.length === 0;
  }

  private async invoke(records: KinesisRecord[]): Promise<
    | { kind: 'success' }
    | { kind: 'partial'; failed: string[]; reason: string; functionError: false; result: PortInvocationResult }
    | { kind: 'failure'; reason: string; functionError: boolean; result?: PortInvocationResult }
  > {
    const { mapping, stream, port, region } = this.options;
    let result: PortInvocationResult;
    try {
      const payload = JSON.stringify({ Records: records.map((r) => kinesisRecord(r, stream.arn, region, mapping.FunctionArn)) });
      result = await port.invoke({ functionName: mapping.FunctionArn, payload });
    } catch (error) {
      const e = error as { name?: string; message?: string };
      return { kind: 'failure', reason: `the invoke was refused: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`, functionError: false };
    }
    if (result.functionError) return { kind: 'failure', reason: `the function failed (${errorText(result.payload)})`, functionError: true, result };
    if (!mapping.FunctionResponseTypes.includes('ReportBatchItemFailures')) return { kind: 'success' };
    const verdict = readBatchResponse(result.payload, records.map((r) => r.sequenceNumber));
    if (verdict.kind === 'success') return { kind: 'success' };
    if (verdict.kind === 'failure') return { kind: 'failure', reason: `the whole batch failed: ${verdict.reason}`, functionError: true, result };
    return { kind: 'partial', failed: verdict.failed, reason: `records from ${verdict.failed.length === 1 ? verdict.failed[0] : 'the lowest of the reported sequence numbers'} reported as failed`, functionError: false, result };
  }

  /** One invocation's result for the outputs; IteratorAge when records were done with. */
  private report(records: KinesisRecord[], completed: number, failure?: string): void {
    const last = records[completed - 1];
    this.options.onBatch?.({
      records: records.length,
      completed,
      ...(failure ? { failure } : {}),
      ...(last ? { iteratorAgeMs: Math.max(0, this.options.clock.now() - last.approximateArrivalTimestamp) } : {}),
    });
  }

  /** Discards records, describing them to the on-failure destination (an SQS queue) when there is one. */
  private async giveUp(records: KinesisRecord[], condition: Condition, invokes: number, result: PortInvocationResult | undefined): Promise<void> {
    const { mapping, stream, clock } = this.options;
    const first = records[0]!;
    const last = records.at(-1)!;
    this.options.onBatch?.({ records: records.length, completed: records.length, failure: `${records.length} records discarded (${condition})`, iteratorAgeMs: Math.max(0, clock.now() - last.approximateArrivalTimestamp) });
    const destination = mapping.DestinationConfig?.OnFailure.Destination;
    if (!destination) return;
    const queue = this.options.queueByArn(destination);
    if (!queue) return;
    const iso = (ms: number) => new Date(ms).toISOString();
    queue.send({
      body: JSON.stringify({
        requestContext: { requestId: result?.requestId ?? '', functionArn: mapping.FunctionArn, condition, approximateInvokeCount: invokes },
        responseContext: { statusCode: result?.statusCode ?? 0, executedVersion: result?.executedVersion ?? '', functionError: result?.functionError ?? '' },
        version: '1.0',
        timestamp: iso(clock.now()),
        KinesisBatchInfo: {
          shardId: first.shardId,
          startSequenceNumber: first.sequenceNumber,
          endSequenceNumber: last.sequenceNumber,
          approximateArrivalOfFirstRecord: iso(first.approximateArrivalTimestamp),
          approximateArrivalOfLastRecord: iso(last.approximateArrivalTimestamp),
          batchSize: records.length,
          streamArn: stream.arn,
        },
      }),
    });
  }
}

function errorText(payload: Buffer): string {
  try {
    const parsed = JSON.parse(payload.toString('utf8')) as { errorType?: string; errorMessage?: string };
    return [parsed.errorType, parsed.errorMessage].filter(Boolean).join(': ') || 'Unhandled';
  } catch {
    return 'Unhandled';
  }
}
