// Messages per second through an SQS event source mapping and records per second through a
// Kinesis one, with a no-op Node.js function, beside direct warm invokes of the same function in
// the same run (issue 13), rounds alternated. Messages are put on the queue and the stream in
// process (the mapping is what is measured, not the SQS or Kinesis API): a round ends when the
// mapping has done with every message or record.
// - SQS: BatchSize 10, no batching window, five concurrent batches (Lambda's starting scale);
// - Kinesis: one shard and four shards, BatchSize 100, one batch in flight per shard;
// - direct: one caller, and five callers (as many as the SQS poller's batches), one event per invoke.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from '../src/runtime/clock.ts';
import { LambdaService } from '../src/runtime/service.ts';
import { KinesisStreams } from '../src/triggers/event-sources/kinesis-registry.ts';
import { EventSourceMappings } from '../src/triggers/event-sources/mapping-registry.ts';
import { SqsQueues } from '../src/triggers/event-sources/sqs-registry.ts';
import { servicePort } from '../src/triggers/ports/service-port.ts';
import type { RuntimeUnderTest } from '../test/support/runtimes.ts';
import type { BenchOptions } from './options.ts';
import { percentile } from './stats.ts';

type Path = 'sqs' | 'kinesis1' | 'kinesis4' | 'direct1' | 'direct5';

export interface EventSourcesResult {
  runtime: string;
  /** Events handled per round. */
  events: number;
  /** Events per second, median of alternated rounds. */
  eventsPerSecond: Record<Path, number>;
  /** Invocations the SQS mapping made per round (median): how full its batches were. */
  sqsInvocations: number;
}

const noop = 'export const handler = async () => {};\n';

async function until(condition: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 120_000;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`the event source bench timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export async function measureEventSources(bench: RuntimeUnderTest, options: BenchOptions): Promise<EventSourcesResult> {
  const events = options.quick ? 200 : 2000;
  const rounds = options.quick ? 1 : 3;
  const folder = mkdtempSync(join(tmpdir(), 'bench-esm-'));
  writeFileSync(join(folder, 'noop.mjs'), noop);
  const service = new LambdaService({ maxEnvironments: 8, idleTimeoutMs: 600_000 });
  const clock = new SimulatedClock();
  const queues = new SqsQueues({ region: service.region, accountId: service.accountId, endpointUrl: 'http://127.0.0.1:4566', clock });
  const streams = new KinesisStreams({ region: service.region, accountId: service.accountId, clock });
  const port = servicePort(service);
  const mappings = new EventSourceMappings({ port, clock, sources: { queue: (arn) => queues.byArn(arn), stream: (arn) => streams.byArn(arn) } });
  const samples: Record<Path, number[]> = { sqs: [], kinesis1: [], kinesis4: [], direct1: [], direct5: [] };
  const sqsInvocations: number[] = [];
  try {
    await service.createFunction({ FunctionName: 'bench-esm-noop', Runtime: bench.runtime, Handler: 'noop.handler', Code: { Directory: folder } });
    // Warm five environments, as many as the busiest path uses.
    await Promise.all(Array.from({ length: 5 }, () => service.invoke({ FunctionName: 'bench-esm-noop', Payload: '{}' })));
    const queue = queues.create('bench-queue', { VisibilityTimeout: '30' });
    const sqsMapping = await mappings.create({ EventSourceArn: queue.arn, FunctionName: 'bench-esm-noop' });
    const kinesis: Record<'kinesis1' | 'kinesis4', { stream: ReturnType<KinesisStreams['create']>; uuid: string }> = {} as never;
    for (const [path, shards] of [['kinesis1', 1], ['kinesis4', 4]] as const) {
      const stream = streams.create({ name: `bench-${path}`, shardCount: shards });
      const mapping = await mappings.create({ EventSourceArn: stream.arn, FunctionName: 'bench-esm-noop', StartingPosition: 'LATEST', BatchSize: 100 });
      kinesis[path] = { stream, uuid: mapping.UUID };
    }
    const direct = async (callers: number) => {
      let next = 0;
      await Promise.all(Array.from({ length: callers }, async () => {
        while (next++ < events) await service.invoke({ FunctionName: 'bench-esm-noop', Payload: '{"Records":[]}' });
      }));
    };
    const paths: Record<Path, () => Promise<void>> = {
      sqs: async () => {
        const before = mappings.activity(sqsMapping.UUID);
        for (let i = 0; i < events; i++) queue.send({ body: `message ${i}` });
        await until(() => mappings.activity(sqsMapping.UUID).completed - before.completed >= events, 'the SQS mapping');
        sqsInvocations.push(mappings.activity(sqsMapping.UUID).batches - before.batches);
      },
      kinesis1: async () => {
        const { stream, uuid } = kinesis.kinesis1;
        const before = mappings.activity(uuid).completed;
        for (let i = 0; i < events; i++) stream.put({ partitionKey: `key-${i % 64}`, data: Buffer.from(`record ${i}`) });
        await until(() => mappings.activity(uuid).completed - before >= events, 'the one-shard Kinesis mapping');
      },
      kinesis4: async () => {
        const { stream, uuid } = kinesis.kinesis4;
        const before = mappings.activity(uuid).completed;
        for (let i = 0; i < events; i++) stream.put({ partitionKey: `key-${i % 64}`, data: Buffer.from(`record ${i}`) });
        await until(() => mappings.activity(uuid).completed - before >= events, 'the four-shard Kinesis mapping');
      },
      direct1: () => direct(1),
      direct5: () => direct(5),
    };
    for (let round = 0; round < rounds; round++) {
      const names = Object.keys(paths) as Path[];
      for (const name of round % 2 === 0 ? names : [...names].reverse()) {
        const start = performance.now();
        await paths[name]();
        samples[name].push(events / ((performance.now() - start) / 1000));
      }
    }
  } finally {
    await mappings.close();
    queues.close();
    streams.close();
    clock.clear();
    await service.shutdown();
    rmSync(folder, { recursive: true, force: true });
  }
  const median = (values: number[]) => Number(percentile(values, 50).toFixed(0));
  return {
    runtime: bench.runtime,
    events,
    eventsPerSecond: { sqs: median(samples.sqs), kinesis1: median(samples.kinesis1), kinesis4: median(samples.kinesis4), direct1: median(samples.direct1), direct5: median(samples.direct5) },
    sqsInvocations: median(sqsInvocations),
  };
}
