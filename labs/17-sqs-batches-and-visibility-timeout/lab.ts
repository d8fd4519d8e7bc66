import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { fail, pass, payloadOf, shown } from '../../src/grader/check-helpers.ts';
import { defineLab, type CheckContext } from '../../src/grader/lab-types.ts';
import { mappingActivity, queueAttribute, queueDepth, sqsClient, stackQueue, takeAll, until, WaitEnded } from '../../src/grader/queue-checks.ts';
import { stackOf } from '../../src/grader/stack-checks.ts';
import type { ProvidedStack } from '../../src/grader/targets/lab-stack.ts';

/** As stack/template.yaml sets them. */
const visibilityTimeoutSeconds = 60;
const maxReceiveCount = 3;
const mappingId = 'OrdersMapping';

const order = (quantity = 1 + (randomBytes(1)[0]! % 5)) => JSON.stringify({ orderId: `o-${randomBytes(4).toString('hex')}`, quantity });
const notJson = () => `{"orderId": "o-${randomBytes(4).toString('hex')}", "quantity": `;

/** An SQS event as Lambda's poller builds it (GO events/testdata/sqs-event.json). */
function sqsEvent(bodies: string[]): { ids: string[]; event: unknown } {
  const ids = bodies.map(() => randomUUID());
  const now = String(Date.now());
  const Records = bodies.map((body, i) => ({
    messageId: ids[i],
    receiptHandle: `handle-${randomBytes(8).toString('hex')}`,
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: now, SenderId: '123456789012', ApproximateFirstReceiveTimestamp: now },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:lab17-orders',
    awsRegion: 'us-east-1',
  }));
  return { ids, event: { Records } };
}

/** The ids a batch response reports, or why the answer is not one. */
function reportedIds(answer: unknown): string[] | string {
  if (answer === null || answer === undefined) return [];
  if (typeof answer !== 'object' || Array.isArray(answer)) return 'the answer is not an object';
  const failures = (answer as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return [];
  if (!Array.isArray(failures)) return 'batchItemFailures is not a list';
  return failures.map((f) => (f && typeof f === 'object' ? String((f as { itemIdentifier?: unknown }).itemIdentifier) : String(f)));
}

interface QueueRun {
  sent: { good: string[]; bad: string[] };
  /** Records the mapping delivered to the function, counting each delivery. */
  deliveries: number;
  left: { visible: number; notVisible: number };
  deadLetters: string[];
}

/**
 * Sends nine good orders and one bad one in one batch, then lets the mapping work: each round
 * waits until every message that was visible has been delivered (its batch finished) or moved to
 * the dead-letter queue, then moves the stack's clock past the visibility timeout so the failed
 * ones come back. Nothing is in flight when the clock moves, so no message comes back early.
 */
async function runThroughQueue(stack: ProvidedStack, sqs: SQSClient): Promise<QueueRun> {
  const queue = stackQueue(stack, 'OrdersQueue').url;
  const dlq = stackQueue(stack, 'OrdersDeadLetterQueue').url;
  await takeAll(sqs, dlq);
  const sent = { good: Array.from({ length: 9 }, () => order()), bad: [order(0)] };
  const bodies = [...sent.good.slice(0, 4), sent.bad[0]!, ...sent.good.slice(4)];
  const start = mappingActivity(stack, mappingId).records;
  const dlqDepth = async () => (await queueDepth(sqs, dlq)).visible;
  await sqs.send(new SendMessageBatchCommand({ QueueUrl: queue, Entries: bodies.map((MessageBody, i) => ({ Id: `m${i}`, MessageBody })) }));
  let settled = 0;
  let waiting = bodies.length;
  for (let round = 0; round <= maxReceiveCount + 1 && waiting > 0; round++) {
    const expected = settled + waiting;
    await until(async () => mappingActivity(stack, mappingId).records - start + (await dlqDepth()) >= expected, `the mapping to deliver ${waiting} message(s) (round ${round + 1})`);
    settled = mappingActivity(stack, mappingId).records - start + (await dlqDepth());
    const depth = await queueDepth(sqs, queue);
    waiting = depth.visible + depth.notVisible;
    if (waiting > 0) stack.clock.advance((visibilityTimeoutSeconds + 1) * 1000);
  }
  const left = await queueDepth(sqs, queue);
  return { sent, deliveries: mappingActivity(stack, mappingId).records - start, left: { visible: left.visible, notVisible: left.notVisible }, deadLetters: await takeAll(sqs, dlq) };
}

/** One run through the queue per stack: two checks read it. */
const runs = new WeakMap<ProvidedStack, Promise<QueueRun>>();

async function queueRun(context: CheckContext): Promise<QueueRun> {
  const stack = stackOf(context);
  let run = runs.get(stack);
  if (!run) {
    const sqs = sqsClient(stack, await context.clients.lambda.config.region());
    run = runThroughQueue(stack, sqs).finally(() => sqs.destroy());
    runs.set(stack, run);
  }
  return run;
}

const waitFailed = (error: unknown) => {
  if (error instanceof WaitEnded) return fail(`${error.message} The function may be failing every batch, or hanging: read its log lines above.`, 'every message delivered', error.message);
  throw error;
};

export default defineLab({
  number: 17,
  title: 'SQS batches and the visibility timeout',
  lesson: 7,
  summary: 'Consume an orders queue through an event source mapping: a timeout the queue\'s visibility timeout can cover, and a partial batch response that sends only the bad messages back, so nothing is lost and no good order is processed twice.',
  languages: ['nodejs', 'python', 'ruby', 'go', 'java', 'dotnet'],
  entryFile: { nodejs: 'index.mjs', python: 'lambda_function.py', ruby: 'lambda_function.rb', go: 'main.go', java: 'src/main/java/Handler.java', dotnet: 'Function.cs' },
  function: {
    handler: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', ruby: 'lambda_function.lambda_handler', go: 'bootstrap', java: 'Handler::handleRequest', dotnet: 'Lab::Lab.Function::FunctionHandler' },
    timeout: 10,
  },
  // The orders queue (visibility timeout 60 s, dead-letter queue after 3 receives) and its
  // mapping to this function with ReportBatchItemFailures: stack/template.yaml.
  needs: { stack: { template: fileURLToPath(new URL('stack/template.yaml', import.meta.url)) } },
  // The starter's function.json asks for a 90 s timeout: Lambda refuses the mapping.
  starterFails: { refusedWith: 'InvalidParameterValueException', explainedBy: 'has a timeout the visibility timeout covers' },
  checks: [
    {
      name: 'has a timeout the visibility timeout covers',
      description: `The mapping was created, so the function's timeout is not above the queue's ${visibilityTimeoutSeconds} s visibility timeout; and the timeout is at most a sixth of it, as AWS recommends, so a batch can be retried before its messages come back.`,
      hints: {
        concept: 'A received message stays hidden for the queue\'s visibility timeout. If the function may run longer, the message comes back while it is still being worked on and a second invocation processes it too: Lambda refuses to create such a mapping. Lesson 7, Queues, streams and loops: Visibility timeout against function timeout.',
        api: `function.json sets the function's Timeout (seconds). The queue hides a message for ${visibilityTimeoutSeconds} s; AWS recommends a visibility timeout of at least six times the function timeout.`,
        code: `{ "Timeout": ${visibilityTimeoutSeconds / 6} }`,
      },
      run: async (context) => {
        const stack = stackOf(context);
        const sqs = sqsClient(stack, await context.clients.lambda.config.region());
        try {
          const visibility = Number(await queueAttribute(sqs, stackQueue(stack, 'OrdersQueue').url, 'VisibilityTimeout'));
          const { timeout } = await context.target.configuration();
          const expected = { functionTimeout: `at most ${visibility / 6} s`, visibilityTimeout: visibility };
          if (timeout * 6 > visibility) return fail(`Lambda accepts a ${timeout} s timeout against a ${visibility} s visibility timeout, but a throttled or retried batch can outlive it: AWS recommends a visibility timeout of six times the function timeout`, expected, { functionTimeout: timeout, visibilityTimeout: visibility });
          return pass(`function timeout ${timeout} s, visibility timeout ${visibility} s`);
        } finally {
          sqs.destroy();
        }
      },
    },
    {
      name: 'reports exactly the bad messages as batch item failures',
      description: 'Invoked with an SQS event of four messages (two good orders, one body that is not JSON, one order with quantity 0), the function answers {"batchItemFailures": [...]} with the messageIds of the two bad ones; for a batch of good orders it reports none.',
      hints: {
        concept: 'With ReportBatchItemFailures on the mapping, the function handles each message on its own and answers with the ids of those it could not process. Lambda deletes the others. A thrown error fails the whole batch instead. Lesson 7, Queues, streams and loops: Partial batch responses.',
        api: {
          nodejs: 'event.Records[i].messageId and .body; return { batchItemFailures: [{ itemIdentifier: messageId }, ...] }',
          python: 'event["Records"][i]["messageId"] and ["body"]; return {"batchItemFailures": [{"itemIdentifier": message_id}, ...]}',
          ruby: "event['Records'][i]['messageId'] and ['body']; return { batchItemFailures: [{ itemIdentifier: message_id }, ...] }",
          java: 'SQSEvent.getRecords(), SQSMessage.getMessageId() and getBody(); return new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure(id), ...)) (aws-lambda-java-events)',
          dotnet: 'SQSEvent.Records, each message\'s MessageId and Body; return an SQSBatchResponse whose BatchItemFailures list holds a BatchItemFailure { ItemIdentifier = id } per bad message',
          go: 'events.SQSEvent.Records, record.MessageId and record.Body; return events.SQSEventResponse{BatchItemFailures: []events.SQSBatchItemFailure{{ItemIdentifier: id}}}',
        },
        code: {
          nodejs: "const batchItemFailures = [];\nfor (const record of event.Records) {\n  try {\n    processOrder(record.body);\n  } catch {\n    batchItemFailures.push({ itemIdentifier: record.messageId });\n  }\n}\nreturn { batchItemFailures };",
          python: 'failures = []\nfor record in event["Records"]:\n    try:\n        process_order(record["body"])\n    except Exception:\n        failures.append({"itemIdentifier": record["messageId"]})\nreturn {"batchItemFailures": failures}',
          ruby: "failures = []\nevent['Records'].each do |record|\n  process_order(record['body'])\nrescue StandardError\n  failures << { itemIdentifier: record['messageId'] }\nend\n{ batchItemFailures: failures }",
          java: 'List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();\nfor (SQSEvent.SQSMessage message : event.getRecords()) {\n    try {\n        processOrder(message.getBody());\n    } catch (RuntimeException e) {\n        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));\n    }\n}\nreturn new SQSBatchResponse(failures);',
          dotnet: 'var failures = new List<SQSBatchResponse.BatchItemFailure>();\nforeach (var message in sqsEvent.Records)\n{\n    try { ProcessOrder(message.Body); }\n    catch (Exception) { failures.Add(new SQSBatchResponse.BatchItemFailure { ItemIdentifier = message.MessageId }); }\n}\nreturn new SQSBatchResponse { BatchItemFailures = failures };',
          go: 'var failures []events.SQSBatchItemFailure\nfor _, record := range event.Records {\n\tif err := processOrder(record.Body); err != nil {\n\t\tfailures = append(failures, events.SQSBatchItemFailure{ItemIdentifier: record.MessageId})\n\t}\n}\nreturn events.SQSEventResponse{BatchItemFailures: failures}, nil',
        },
      },
      run: async ({ target }) => {
        const { ids, event } = sqsEvent([order(), notJson(), order(), order(0)]);
        const mixed = await target.invoke({ payload: event });
        const expected = { batchItemFailures: [{ itemIdentifier: ids[1] }, { itemIdentifier: ids[3] }] };
        if (mixed.functionError) return fail('The function failed the whole batch: with a partial batch response, handle each message on its own and report the bad ones instead of throwing', expected, shown(mixed));
        const reported = reportedIds(payloadOf(mixed) ?? mixed.payload);
        if (typeof reported === 'string') return fail(`The answer is not a batch response: ${reported}`, expected, shown(mixed));
        const wanted = [ids[1]!, ids[3]!];
        if (reported.length !== 2 || !wanted.every((id) => reported.includes(id))) {
          const good = reported.filter((id) => id === ids[0] || id === ids[2]).length;
          const why = good > 0 ? `: ${good} good order(s) reported as failed would be processed again` : ': a bad message not reported is deleted as if it had succeeded';
          return fail(`The function reported ${reported.length} failure(s) for 2 bad messages${reported.length === 2 ? '' : why}`, expected, shown(mixed));
        }
        const clean = sqsEvent([order(), order()]);
        const allGood = await target.invoke({ payload: clean.event });
        const none = reportedIds(payloadOf(allGood) ?? allGood.payload);
        if (allGood.functionError || typeof none === 'string' || none.length > 0) return fail('For a batch of good orders the function should report no failures (an empty list)', { batchItemFailures: [] }, shown(allGood));
        return pass();
      },
    },
    {
      name: 'processes each good order once',
      description: `Through the queue, nine good orders and one bad one sent in one batch: the mapping delivers each good order once and the bad one ${maxReceiveCount} times (its maxReceiveCount), ${9 + maxReceiveCount} deliveries in all, however the poller splits them into batches.`,
      hints: {
        concept: 'When a batch fails as a whole, every message in it comes back after the visibility timeout, the good ones too, and is processed again. A partial batch response sends back only the messages that failed. Lesson 7, Queues, streams and loops: Partial batch responses.',
        api: 'Do not throw for a bad message: catch the error for that message, put its messageId in batchItemFailures, and go on with the next.',
        code: {
          nodejs: 'try {\n  processOrder(record.body);\n} catch {\n  batchItemFailures.push({ itemIdentifier: record.messageId });\n}',
          python: 'try:\n    process_order(record["body"])\nexcept Exception:\n    failures.append({"itemIdentifier": record["messageId"]})',
          ruby: "begin\n  process_order(record['body'])\nrescue StandardError\n  failures << { itemIdentifier: record['messageId'] }\nend",
          java: 'try {\n    processOrder(message.getBody());\n} catch (RuntimeException e) {\n    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));\n}',
          dotnet: 'try { ProcessOrder(message.Body); }\ncatch (Exception) { failures.Add(new SQSBatchResponse.BatchItemFailure { ItemIdentifier = message.MessageId }); }',
          go: 'if err := processOrder(record.Body); err != nil {\n\tfailures = append(failures, events.SQSBatchItemFailure{ItemIdentifier: record.MessageId})\n}',
        },
      },
      run: async (context) => {
        const run = await queueRun(context).catch(waitFailed);
        if ('status' in run) return run;
        const expected = 9 + maxReceiveCount;
        if (run.deliveries === expected) return pass(`${run.deliveries} deliveries for 10 messages`);
        const why = run.deliveries > expected ? ': good orders came back with the failed batch and were processed again' : ': some messages were never delivered';
        return fail(`The mapping delivered the 10 messages ${run.deliveries} times${why}`, { deliveries: expected }, { deliveries: run.deliveries });
      },
    },
    {
      name: 'loses nothing: only the bad message reaches the dead-letter queue',
      description: `After the same run, the orders queue is empty (every good order deleted once processed) and the dead-letter queue holds exactly the bad message, moved there after ${maxReceiveCount} failed receives.`,
      hints: {
        concept: 'A message that fails maxReceiveCount times goes to the queue\'s dead-letter queue, where someone can look at it. If good orders fail with it every time, they end there too: lost to the business though not to the queue. Lesson 7, Queues, streams and loops: Visibility timeout against function timeout.',
        api: 'Report the bad message in batchItemFailures every time it is delivered; succeed for the good ones, so the mapping deletes them.',
        code: {
          nodejs: 'return { batchItemFailures }; // only the bad messages',
          python: 'return {"batchItemFailures": failures}  # only the bad messages',
          ruby: '{ batchItemFailures: failures } # only the bad messages',
          java: 'return new SQSBatchResponse(failures); // only the bad messages',
          dotnet: 'return new SQSBatchResponse { BatchItemFailures = failures }; // only the bad messages',
          go: 'return events.SQSEventResponse{BatchItemFailures: failures}, nil // only the bad messages',
        },
      },
      run: async (context) => {
        const run = await queueRun(context).catch(waitFailed);
        if ('status' in run) return run;
        const expected = { ordersQueue: { visible: 0, notVisible: 0 }, deadLetterQueue: run.sent.bad };
        const actual = { ordersQueue: run.left, deadLetterQueue: run.deadLetters };
        const lostGood = run.deadLetters.filter((body) => run.sent.good.includes(body)).length;
        if (lostGood > 0) return fail(`${lostGood} good order(s) ended in the dead-letter queue: they failed ${maxReceiveCount} times with the bad message's batch`, expected, actual);
        if (run.left.visible + run.left.notVisible > 0) return fail(`${run.left.visible + run.left.notVisible} message(s) are still in the orders queue`, expected, actual);
        if (run.deadLetters.length !== 1 || run.deadLetters[0] !== run.sent.bad[0]) return fail('The bad message did not reach the dead-letter queue: a message reported as succeeded is deleted, and a bad order is then lost without a trace', expected, actual);
        return pass();
      },
    },
  ],
});
