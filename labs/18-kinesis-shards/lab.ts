import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { fail, pass, payloadOf, shown } from '../../src/grader/check-helpers.ts';
import { defineLab, type CheckContext } from '../../src/grader/lab-types.ts';
import { kinesisClient, mappingActivity, sqsClient, stackQueue, takeAll, until, WaitEnded } from '../../src/grader/queue-checks.ts';
import { stackOf } from '../../src/grader/stack-checks.ts';
import type { ProvidedStack } from '../../src/grader/targets/lab-stack.ts';

const mappingId = 'PaymentsMapping';
const streamName = 'lab18-payments';

interface Payment {
  account: string;
  amountCents: number;
}

const payment = (account = `acct-${1 + (randomBytes(1)[0]! % 6)}`): Payment => ({ account, amountCents: 100 + (randomBytes(2).readUInt16BE() % 900) });
const poison = () => `{"account": "acct-${randomBytes(3).toString('hex')}", "amountCents": `;

/** A Kinesis event as Lambda's poller builds it (GO events/testdata/kinesis-event.json). */
function kinesisEvent(datas: string[]): { sequenceNumbers: string[]; event: unknown } {
  const base = BigInt(`49590338271490256608559692538361571095921575989136588${String(randomBytes(2).readUInt16BE()).padStart(5, '0')}`);
  const sequenceNumbers = datas.map((_, i) => String(base + BigInt(i)));
  const Records = datas.map((data, i) => ({
    kinesis: { kinesisSchemaVersion: '1.0', partitionKey: `acct-${i}`, sequenceNumber: sequenceNumbers[i], data: Buffer.from(data).toString('base64'), approximateArrivalTimestamp: Date.now() / 1000 },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000000:${sequenceNumbers[i]}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role',
    awsRegion: 'us-east-1',
    eventSourceARN: `arn:aws:kinesis:us-east-1:123456789012:stream/${streamName}`,
  }));
  return { sequenceNumbers, event: { Records } };
}

interface StreamRun {
  poison: { sequenceNumber: string; shardId: string };
  records: number;
  /** Records the mapping was done with (processed, or given up) since the run began. */
  done: number;
  /** The on-failure queue's messages, parsed. */
  failures: Array<{ requestContext?: { condition?: string }; KinesisBatchInfo?: { shardId?: string; startSequenceNumber?: string; endSequenceNumber?: string; batchSize?: number } }>;
}

/**
 * Puts 30 payments over six partition keys (so both shards get some) and one record that is not
 * JSON, in one PutRecords call, then waits until the mapping has done with all 31: processed, or
 * given up and described to the on-failure queue. No clock moves: with MaximumRetryAttempts 0,
 * a bisection and a give-up need no retry wait.
 */
async function runThroughStream(stack: ProvidedStack, region: string): Promise<StreamRun> {
  const kinesis = kinesisClient(stack, region);
  const sqs = sqsClient(stack, region);
  try {
    const failedQueue = stackQueue(stack, 'FailedRecordsQueue').url;
    await takeAll(sqs, failedQueue);
    const datas = Array.from({ length: 30 }, () => JSON.stringify(payment()));
    const poisonAt = 11 + (randomBytes(1)[0]! % 10);
    datas.splice(poisonAt, 0, poison());
    const start = mappingActivity(stack, mappingId).completed;
    const put = await kinesis.send(
      new PutRecordsCommand({ StreamName: streamName, Records: datas.map((data, i) => ({ Data: Buffer.from(data), PartitionKey: i === poisonAt ? 'acct-poison' : (JSON.parse(data) as Payment).account })) }),
    );
    const entry = put.Records![poisonAt]!;
    await until(() => mappingActivity(stack, mappingId).completed - start >= datas.length, `the mapping to finish with ${datas.length} records`);
    const bodies = await takeAll(sqs, failedQueue);
    return {
      poison: { sequenceNumber: entry.SequenceNumber!, shardId: entry.ShardId! },
      records: datas.length,
      done: mappingActivity(stack, mappingId).completed - start,
      failures: bodies.map((body) => JSON.parse(body) as StreamRun['failures'][number]),
    };
  } finally {
    kinesis.destroy();
    sqs.destroy();
  }
}

const runs = new WeakMap<ProvidedStack, Promise<StreamRun>>();

async function streamRun(context: CheckContext): Promise<StreamRun> {
  const stack = stackOf(context);
  let run = runs.get(stack);
  if (!run) runs.set(stack, (run = runThroughStream(stack, await context.clients.lambda.config.region())));
  return run;
}

interface KeepUpRun {
  shardId: string;
  keys: number;
  records: number;
  /** The batches of this run's records, and the most of them in flight at once. */
  batches: number;
  mostAtOnce: number;
  /** The first partition key whose records were processed out of their sequence order. */
  outOfOrder?: { key: string; expected: string[]; actual: string[] };
}

/**
 * Kinesis puts a record in the shard whose hash key range holds the MD5 of its partition key, as a
 * 128-bit number; a stream of two shards splits the range in halves (DG key-concepts.html,
 * "Partition key"; CreateStream). Returns `count` fresh keys of the first shard.
 */
function firstShardKeys(count: number): string[] {
  const keys: string[] = [];
  while (keys.length < count) {
    const key = `acct-${randomBytes(3).toString('hex')}`;
    if (BigInt(`0x${createHash('md5').update(key).digest('hex')}`) < 1n << 127n) keys.push(key);
  }
  return keys;
}

/**
 * Puts 60 payments on ten partition keys of one shard in one PutRecords call, waits until the
 * mapping has done with them, then reads the stack's invocations of the function: how many
 * batches of those records were in flight at once (by the order invocations began and ended, no
 * clock), and whether each key's records reached the function in their sequence order.
 */
async function runKeepUp(stack: ProvidedStack, region: string): Promise<KeepUpRun> {
  const kinesis = kinesisClient(stack, region);
  try {
    const keys = firstShardKeys(10);
    const records = Array.from({ length: 60 }, (_, i) => ({ key: keys[i % keys.length]!, data: JSON.stringify(payment(keys[i % keys.length])) }));
    const start = mappingActivity(stack, mappingId).completed;
    const put = await kinesis.send(new PutRecordsCommand({ StreamName: streamName, Records: records.map((r) => ({ Data: Buffer.from(r.data), PartitionKey: r.key })) }));
    await until(() => mappingActivity(stack, mappingId).completed - start >= records.length, `the mapping to finish with ${records.length} records`);
    const keyOf = new Map(put.Records!.map((entry, i) => [entry.SequenceNumber!, records[i]!.key]));
    const expected = new Map(keys.map((key) => [key, put.Records!.filter((_, i) => records[i]!.key === key).map((entry) => entry.SequenceNumber!)]));
    const batches = stack.invocations
      .map((invocation) => ({ invocation, sequenceNumbers: ((JSON.parse(invocation.event) as { Records?: Array<{ kinesis?: { sequenceNumber?: string } }> }).Records ?? []).map((r) => r.kinesis?.sequenceNumber ?? '').filter((n) => keyOf.has(n)) }))
      .filter((b) => b.sequenceNumbers.length > 0);
    const mostAtOnce = Math.max(0, ...batches.map(({ invocation: b }) => batches.filter(({ invocation: o }) => o.began <= b.began && (o.ended ?? Infinity) > b.began).length));
    const processed = new Map(keys.map((key): [string, string[]] => [key, []]));
    for (const { invocation, sequenceNumbers } of batches) if (!invocation.functionError) for (const n of sequenceNumbers) processed.get(keyOf.get(n)!)!.push(n);
    const wrong = keys.find((key) => JSON.stringify(processed.get(key)) !== JSON.stringify(expected.get(key)));
    return {
      shardId: put.Records![0]!.ShardId!,
      keys: keys.length,
      records: records.length,
      batches: batches.length,
      mostAtOnce,
      ...(wrong ? { outOfOrder: { key: wrong, expected: expected.get(wrong)!, actual: processed.get(wrong)! } } : {}),
    };
  } finally {
    kinesis.destroy();
  }
}

const waitFailed = (error: unknown) => {
  if (error instanceof WaitEnded) return fail(`${error.message} A shard may be blocked by a batch that keeps failing: read the function's log lines above.`, 'every record done with', error.message);
  throw error;
};

export default defineLab({
  number: 18,
  title: 'Kinesis shards',
  lesson: 7,
  summary: 'Consume a payments stream of two shards: decode each record, fail loudly on a record that cannot be read so the mapping bisects the batch down to it and sends it to the on-failure queue, and let every other record of the shard through.',
  languages: ['nodejs', 'python', 'ruby', 'go', 'java', 'dotnet'],
  entryFile: { nodejs: 'index.mjs', python: 'lambda_function.py', ruby: 'lambda_function.rb', go: 'main.go', java: 'src/main/java/Handler.java', dotnet: 'Function.cs' },
  function: {
    handler: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', ruby: 'lambda_function.lambda_handler', go: 'bootstrap', java: 'Handler::handleRequest', dotnet: 'Lab::Lab.Function::FunctionHandler' },
    timeout: 10,
  },
  // The payments stream (two shards), the on-failure queue and the mapping with
  // BisectBatchOnFunctionError and MaximumRetryAttempts 0: stack/template.yaml.
  needs: { stack: { template: fileURLToPath(new URL('stack/template.yaml', import.meta.url)) } },
  starterFails: ['fails the invocation for a record it cannot read', 'a poison record is bisected out to the on-failure queue', 'keeps up with the stream'],
  checks: [
    {
      name: 'adds up the payments of a batch',
      description: 'Invoked with a Kinesis event of three records, each data field base64 of {"account": ..., "amountCents": ...}, the function answers {"records": 3, "totalCents": <their sum>}.',
      hints: {
        concept: 'A Kinesis record carries its payload base64-encoded in kinesis.data, with its partition key and sequence number beside it. Lesson 7, Queues, streams and loops: Shards and parallelisation.',
        api: {
          nodejs: "Buffer.from(record.kinesis.data, 'base64').toString('utf8'), then JSON.parse",
          python: 'base64.b64decode(record["kinesis"]["data"]), then json.loads',
          ruby: "Base64.decode64(record['kinesis']['data']), then JSON.parse",
          java: 'KinesisEvent.KinesisEventRecord.getKinesis().getData() is a ByteBuffer already decoded: StandardCharsets.UTF_8.decode(data).toString()',
          dotnet: 'Convert.FromBase64String(record.Kinesis.Data), then Encoding.UTF8.GetString',
          go: 'record.Kinesis.Data is a []byte already decoded from base64 (events.KinesisEvent): json.Unmarshal it',
        },
        code: {
          nodejs: "const payment = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));\ntotalCents += payment.amountCents;",
          python: 'payment = json.loads(base64.b64decode(record["kinesis"]["data"]))\ntotal_cents += payment["amountCents"]',
          ruby: "payment = JSON.parse(Base64.decode64(record['kinesis']['data']))\ntotal_cents += payment['amountCents']",
          java: 'String data = StandardCharsets.UTF_8.decode(record.getKinesis().getData()).toString();\ntotalCents += amountOf(data);',
          dotnet: 'var data = Encoding.UTF8.GetString(Convert.FromBase64String(record.Kinesis.Data));\ntotalCents += JsonSerializer.Deserialize<Payment>(data, JsonOptions).AmountCents;',
          go: 'var p payment\nif err := json.Unmarshal(record.Kinesis.Data, &p); err != nil {\n\treturn summary{}, err\n}\ntotal += p.AmountCents',
        },
      },
      run: async ({ target }) => {
        const payments = [payment(), payment(), payment()];
        const { event } = kinesisEvent(payments.map((p) => JSON.stringify(p)));
        const invocation = await target.invoke({ payload: event });
        const expected = { records: 3, totalCents: payments.reduce((sum, p) => sum + p.amountCents, 0) };
        const actual = payloadOf(invocation) as Record<string, unknown> | undefined;
        if (invocation.functionError) return fail('The function failed for three good records', expected, shown(invocation));
        if (actual?.records === expected.records && actual?.totalCents === expected.totalCents) return pass();
        return fail('The answer does not add up the three payments', expected, actual ?? invocation.payload);
      },
    },
    {
      name: 'fails the invocation for a record it cannot read',
      description: 'Invoked with a batch whose middle record is not JSON, the function fails (an error, not an answer): a record skipped in silence is lost, while a failed batch is retried, bisected and finally reported.',
      hints: {
        concept: 'A stream consumer that catches and skips a record it cannot read loses it: the mapping moves past it as if it had been processed, and nobody hears of it. Let the invocation fail: the mapping then bisects the batch, isolates the record and describes it to the on-failure destination. Lesson 7, Queues, streams and loops: Shards and parallelisation.',
        api: 'Remove the catch-and-skip around the record\'s parsing: let the parse error end the invocation.',
        code: {
          nodejs: '// no try/catch around it: a record that is not JSON fails the batch\nconst payment = JSON.parse(Buffer.from(record.kinesis.data, \'base64\').toString(\'utf8\'));',
          python: '# no try/except around it: a record that is not JSON fails the batch\npayment = json.loads(base64.b64decode(record["kinesis"]["data"]))',
          ruby: "# no rescue around it: a record that is not JSON fails the batch\npayment = JSON.parse(Base64.decode64(record['kinesis']['data']))",
          java: '// no try/catch around it: a record that is not a payment fails the batch\ntotalCents += amountOf(data);',
          dotnet: '// no try/catch around it: a record that is not JSON fails the batch\nvar payment = JsonSerializer.Deserialize<Payment>(data, JsonOptions);',
          go: 'if err := json.Unmarshal(record.Kinesis.Data, &p); err != nil {\n\treturn summary{}, fmt.Errorf("record %s: %w", record.Kinesis.SequenceNumber, err)\n}',
        },
      },
      run: async ({ target }) => {
        const { event } = kinesisEvent([JSON.stringify(payment()), poison(), JSON.stringify(payment())]);
        const invocation = await target.invoke({ payload: event });
        if (invocation.functionError) return pass();
        return fail('The function answered for a batch with a record that is not JSON: that record was skipped in silence', { functionError: 'Unhandled' }, shown(invocation));
      },
    },
    {
      name: 'a poison record is bisected out to the on-failure queue',
      description: 'Through the stream, 30 payments over six partition keys and one record that is not JSON: the mapping bisects the failing batch until the bad record fails alone, and the on-failure queue receives exactly one description, of a batch of one record whose sequence number is the bad record\'s.',
      hints: {
        concept: 'With BisectBatchOnFunctionError, a failed batch is split in two and each half retried, down to the record that fails on its own; with MaximumRetryAttempts spent, that record is given up and described (shard, sequence numbers, reason) to the on-failure destination. It works only if the function fails for the record. Lesson 7, Queues, streams and loops: Shards and parallelisation.',
        api: 'Let the invocation fail for a record that cannot be parsed (see the previous check); the stack\'s mapping does the rest.',
        code: {
          nodejs: 'for (const record of event.Records) {\n  const payment = JSON.parse(Buffer.from(record.kinesis.data, \'base64\').toString(\'utf8\'));\n  totalCents += payment.amountCents;\n}',
          python: 'for record in event["Records"]:\n    payment = json.loads(base64.b64decode(record["kinesis"]["data"]))\n    total_cents += payment["amountCents"]',
          ruby: "event['Records'].each do |record|\n  total_cents += JSON.parse(Base64.decode64(record['kinesis']['data']))['amountCents']\nend",
          java: 'for (KinesisEvent.KinesisEventRecord record : event.getRecords()) {\n    totalCents += amountOf(StandardCharsets.UTF_8.decode(record.getKinesis().getData()).toString());\n}',
          dotnet: 'foreach (var record in kinesisEvent.Records)\n{\n    var data = Encoding.UTF8.GetString(Convert.FromBase64String(record.Kinesis.Data));\n    totalCents += JsonSerializer.Deserialize<Payment>(data, JsonOptions).AmountCents;\n}',
          go: 'for _, record := range event.Records {\n\tvar p payment\n\tif err := json.Unmarshal(record.Kinesis.Data, &p); err != nil {\n\t\treturn summary{}, err\n\t}\n\ttotal += p.AmountCents\n}',
        },
      },
      run: async (context) => {
        const run = await streamRun(context).catch(waitFailed);
        if ('status' in run) return run;
        const expected = [{ condition: 'RetryAttemptsExhausted', shardId: run.poison.shardId, startSequenceNumber: run.poison.sequenceNumber, batchSize: 1 }];
        const actual = run.failures.map((f) => ({ condition: f.requestContext?.condition, shardId: f.KinesisBatchInfo?.shardId, startSequenceNumber: f.KinesisBatchInfo?.startSequenceNumber, batchSize: f.KinesisBatchInfo?.batchSize }));
        if (actual.length === 0) return fail('Nothing reached the on-failure queue: the record that is not JSON was passed over as if processed, and is lost without a trace', expected, actual);
        const only = actual[0]!;
        if (actual.length === 1 && only.batchSize === 1 && only.startSequenceNumber === run.poison.sequenceNumber && only.shardId === run.poison.shardId) return pass(`${run.poison.sequenceNumber} on ${run.poison.shardId}`);
        return fail('The on-failure queue should describe the bad record alone', expected, actual);
      },
    },
    {
      name: 'lets every good record of the shard through',
      description: 'After the same run, the mapping has done with all 31 records and gave up none but the bad one: no good record is in the on-failure queue, so the shard was not blocked and nothing after the bad record was skipped.',
      hints: {
        concept: 'Records of a shard are processed in order, one batch at a time: a batch that keeps failing blocks everything behind it, and a batch given up takes its good records with it. A consumer that fails only for the record it cannot read lets bisection give up that record alone. Lesson 7, Queues, streams and loops: Shards and parallelisation.',
        api: 'Do not report a partial batch response here and do not fail the whole batch for good records: fail only when a record cannot be read.',
        code: {
          nodejs: 'return { records: event.Records.length, totalCents };',
          python: 'return {"records": len(event["Records"]), "totalCents": total_cents}',
          ruby: "{ records: event['Records'].length, totalCents: total_cents }",
          java: 'return Map.of("records", event.getRecords().size(), "totalCents", totalCents);',
          dotnet: 'return new Summary { Records = kinesisEvent.Records.Count, TotalCents = totalCents };',
          go: 'return summary{Records: len(event.Records), TotalCents: total}, nil',
        },
      },
      run: async (context) => {
        const run = await streamRun(context).catch(waitFailed);
        if ('status' in run) return run;
        const givenUp = run.failures.reduce((sum, f) => sum + (f.KinesisBatchInfo?.batchSize ?? 0), 0);
        if (run.done === run.records && givenUp <= 1) return pass(`${run.done} records done with, ${givenUp} given up`);
        return fail(`Of ${run.records} records, ${givenUp} were given up to the on-failure queue`, { doneWith: run.records, givenUp: 1 }, { doneWith: run.done, givenUp });
      },
    },
    {
      name: 'keeps up with the stream',
      description: 'After the poison run, 60 payments on ten partition keys of one shard in one PutRecords call: the mapping processes more than one batch of that shard at a time (your function.json\'s EventSourceMapping.ParallelizationFactor), and the records of each partition key still reach the function in their sequence order.',
      hints: {
        concept: 'Lambda polls each shard with one invocation at a time, however many records wait: a busy shard falls behind (its IteratorAge grows). Add shards, or raise the mapping\'s parallelization factor (1-10): that many batches of one shard at once, each partition key still in order. Lesson 7, Queues, streams and loops: Shards and parallelisation.',
        api: 'The mapping\'s ParallelizationFactor, which this lab takes from your function.json: "EventSourceMapping": {"ParallelizationFactor": <1-10>} (BatchSize, 1-10000, may go beside it).',
        code: '// function.json, beside your code\n{\n  "EventSourceMapping": { "ParallelizationFactor": 5 }\n}',
      },
      run: async (context) => {
        const previous = await streamRun(context).catch(waitFailed);
        if ('status' in previous) return previous;
        const run = await runKeepUp(stackOf(context), await context.clients.lambda.config.region()).catch(waitFailed);
        if ('status' in run) return run;
        if (run.outOfOrder) return fail(`The records of ${run.outOfOrder.key} did not reach the function in their sequence order`, run.outOfOrder.expected, run.outOfOrder.actual);
        if (run.mostAtOnce > 1) return pass(`up to ${run.mostAtOnce} batches of ${run.shardId} at once, ${run.keys} partition keys each in order`);
        return fail(
          `The mapping ran one batch of ${run.shardId} at a time (${run.batches} batch${run.batches === 1 ? '' : 'es'} for ${run.records} records on ${run.keys} partition keys): set "EventSourceMapping": {"ParallelizationFactor": 5} in function.json`,
          'more than one batch of the shard at once',
          `${run.mostAtOnce} at once`,
        );
      },
    },
  ],
});
