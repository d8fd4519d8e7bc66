import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { fail, pass } from '../../src/grader/check-helpers.ts';
import { defineLab, type CheckContext } from '../../src/grader/lab-types.ts';
import { sqsClient, stackQueue } from '../../src/grader/queue-checks.ts';
import { stackOf } from '../../src/grader/stack-checks.ts';
import type { ProvidedStack } from '../../src/grader/targets/lab-stack.ts';

/** The follow-ups an order may have (MAX_HOPS, given to the function). */
const maxHops = 3;
/** Lambda lets 16 invocations of one chain through and stops the next (DG invocation-recursion.html). */
const lambdaLimit = 16;

interface Activity {
  batches: number;
  failedBatches: number;
  lastFailure?: string;
}

function activityOf(stack: ProvidedStack): Activity {
  const mapping = stack.outputs.eventSourceMappings?.OrdersMapping as { Activity?: Activity } | undefined;
  const activity = mapping?.Activity;
  if (!activity) throw new Error("The lab's stack has no OrdersMapping: its event source mapping was not created.");
  return activity;
}

interface ChainEnd {
  /** Invocations of the learner's function for this order. */
  invocations: number;
  /** Batches that failed (Lambda's loop detection, or the function's own error). */
  failures: number;
  lastFailure?: string;
  /** Why the wait ended. */
  ended: 'drained' | 'failed' | 'runaway' | 'waited';
}

/**
 * Sends one order to the queue and follows its chain until it is over: the queue holds nothing of
 * it any more (no message waiting or in flight beyond what earlier checks left), a batch failed
 * (Lambda stopped the chain), or the chain ran past what Lambda would allow.
 */
async function followOrder(context: CheckContext, order: Record<string, unknown>): Promise<ChainEnd> {
  const stack = stackOf(context);
  const queueUrl = stackQueue(stack, 'Orders').url;
  const client = sqsClient(stack, await context.clients.lambda.config.region());
  const counts = async () => {
    const { Attributes = {} } = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }));
    return { visible: Number(Attributes.ApproximateNumberOfMessages), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible), delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed) };
  };
  try {
    // An earlier check's chain that Lambda stopped leaves its last message in flight (this lab never
    // moves the clock), and may still have invocations under way: wait until nothing moves, then
    // count from there.
    let before = activityOf(stack);
    let leftInFlight = (await counts()).inFlight;
    for (let settled = 0, tries = 0; settled < 2 && tries < 300; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const activity = activityOf(stack);
      const queue = await counts();
      settled = activity.batches === before.batches && queue.inFlight === leftInFlight && queue.visible === 0 ? settled + 1 : 0;
      before = activity;
      leftInFlight = queue.inFlight;
    }
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(order) }));
    const deadline = Date.now() + 90_000;
    let quietPolls = 0;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = activityOf(stack);
      const end = { invocations: now.batches - before.batches, failures: now.failedBatches - before.failedBatches, ...(now.lastFailure ? { lastFailure: now.lastFailure } : {}) };
      if (end.failures > 0) return { ...end, ended: 'failed' };
      if (end.invocations > lambdaLimit + 4) return { ...end, ended: 'runaway' };
      const queue = await counts();
      // Drained twice in a row: the last invocation has returned and sent nothing more.
      quietPolls = end.invocations > 0 && queue.visible === 0 && queue.delayed === 0 && queue.inFlight <= leftInFlight ? quietPolls + 1 : 0;
      if (quietPolls >= 2) return { ...activityDelta(stack, before), ended: 'drained' };
      if (Date.now() > deadline) return { ...end, ended: 'waited' };
    }
  } finally {
    client.destroy();
  }
}

function activityDelta(stack: ProvidedStack, before: Activity): Omit<ChainEnd, 'ended'> {
  const now = activityOf(stack);
  return { invocations: now.batches - before.batches, failures: now.failedBatches - before.failedBatches, ...(now.lastFailure ? { lastFailure: now.lastFailure } : {}) };
}

/** Why a chain did not end as it should, in the learner's terms. */
function chainProblem(end: ChainEnd): string | undefined {
  if (end.ended === 'failed' && /Recursive/.test(end.lastFailure ?? '')) {
    return `Lambda's recursive loop detection stopped the chain: it refused invocation ${lambdaLimit + 1} of the function for this one order (RecursiveInvocationException), because the function queued a follow-up for every message and never stopped the chain itself`;
  }
  if (end.ended === 'failed') return `An invocation failed: ${end.lastFailure}`;
  if (end.ended === 'runaway') return `The chain was still running after ${end.invocations} invocations, more than Lambda's ${lambdaLimit}: the function never stops queueing follow-ups`;
  if (end.ended === 'waited') return `The chain had not ended after 90 s (${end.invocations} invocations)`;
  return undefined;
}

const orderId = () => `o-${randomBytes(4).toString('hex')}`;

const sendHint = {
  nodejs: 'SendMessageCommand from @aws-sdk/client-sqs, with QueueUrl from GetQueueUrlCommand({ QueueName: process.env.QUEUE_NAME })',
  python: 'boto3.client("sqs").send_message(QueueUrl=..., MessageBody=json.dumps(...)), with the URL from get_queue_url(QueueName=os.environ["QUEUE_NAME"])',
  ruby: "DojoSQS.send_message(queue_url: DojoSQS.get_queue_url(queue_name: ENV.fetch('QUEUE_NAME')), message_body: JSON.generate(...))",
  java: 'SqsClient.sendMessage(r -> r.queueUrl(url).messageBody(...)), with the URL from getQueueUrl(r -> r.queueName(System.getenv("QUEUE_NAME"))).queueUrl()',
  dotnet: 'SqsHelper.SendMessage(SqsHelper.GetQueueUrl(Environment.GetEnvironmentVariable("QUEUE_NAME")), body)',
  go: 'sqs.Client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: aws.String(...)}), with the URL from GetQueueUrl',
};

export default defineLab({
  number: 19,
  title: 'Break the recursive loop',
  lesson: 7,
  summary: 'A function that handles order messages and queues a follow-up to its own queue loops until Lambda stops it: carry a hop count in the message and stop the chain yourself, well before Lambda would.',
  languages: ['nodejs', 'python', 'ruby', 'go', 'java', 'dotnet'],
  entryFile: { nodejs: 'index.mjs', python: 'lambda_function.py', ruby: 'lambda_function.rb', go: 'main.go', java: 'src/main/java/Handler.java', dotnet: 'Function.cs' },
  function: {
    handler: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', ruby: 'lambda_function.lambda_handler', go: 'bootstrap', java: 'Handler::handleRequest', dotnet: 'Lab::Lab.Function::FunctionHandler' },
    timeout: 10,
    environment: { QUEUE_NAME: 'lab19-orders', MAX_HOPS: String(maxHops) },
  },
  // The orders queue (one message per batch) feeding this function, with a dead-letter queue: stack/template.yaml.
  needs: { stack: { template: fileURLToPath(new URL('stack/template.yaml', import.meta.url)) } },
  starterFails: ['stops the chain after MAX_HOPS follow-ups, before Lambda has to', 'queues nothing for an order already at MAX_HOPS'],
  checks: [
    {
      name: 'queues a follow-up that the function then handles',
      description: `The grader sends {"orderId": ..., "hops": ${maxHops - 1}} to the orders queue: the function handles it and queues a follow-up to the same queue, which the mapping delivers to the function again (at least two invocations, the first without error).`,
      hints: {
        concept: 'The follow-up goes to the queue that triggers the function, so the function handles its own output: that is what makes a loop possible. Lesson 7.2, Recursive loop detection.',
        api: sendHint,
        code: {
          nodejs: "await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ ...order, hops: hops + 1 }) }));",
          python: 'sqs.send_message(QueueUrl=queue_url, MessageBody=json.dumps({**order, "hops": hops + 1}))',
          ruby: 'DojoSQS.send_message(queue_url: QUEUE_URL, message_body: JSON.generate(order.merge(\'hops\' => hops + 1)))',
          java: 'SQS.sendMessage(r -> r.queueUrl(QUEUE_URL).messageBody(...));',
          dotnet: 'SqsHelper.SendMessage(QueueUrl, JsonSerializer.Serialize(followUp));',
          go: 'sqsClient.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: queueURL, MessageBody: aws.String(string(body))})',
        },
      },
      run: async (context) => {
        const end = await followOrder(context, { orderId: orderId(), hops: maxHops - 1 });
        if (end.invocations >= 2 && !(end.ended === 'failed' && end.invocations - end.failures < 1)) return pass();
        return fail(chainProblem(end) ?? `The order made ${end.invocations} invocation(s): its follow-up never reached the function, so nothing was queued`, { invocations: '2 or more' }, end);
      },
    },
    {
      name: 'stops the chain after MAX_HOPS follow-ups, before Lambda has to',
      description: `The grader sends {"orderId": ...} (no hops yet): the chain is the order and exactly MAX_HOPS (${maxHops}) follow-ups, ${maxHops + 1} invocations in all, and ends with the queue empty, with no invocation stopped by Lambda's recursive loop detection (which would stop the ${lambdaLimit + 1}th).`,
      hints: {
        concept: 'Lambda\'s loop detection is a safety net: it lets a chain through 16 times, then drops the next message, which ends in the dead-letter queue. Stop the chain yourself: carry a hop count in the message and queue no follow-up once it reaches the limit. Lesson 7.2, Recursive loop detection.',
        api: 'hops is 0 when the message has none; MAX_HOPS comes from the environment (a string: parse it)',
        code: {
          nodejs: "const hops = order.hops ?? 0;\nif (hops >= MAX_HOPS) continue; // this order's chain is done",
          python: 'hops = order.get("hops", 0)\nif hops >= MAX_HOPS:\n    continue  # this order\'s chain is done',
          ruby: "hops = order.fetch('hops', 0)\nnext if hops >= MAX_HOPS # this order's chain is done",
          java: 'if (hops >= MAX_HOPS) continue; // this order\'s chain is done',
          dotnet: 'if (order.Hops >= MaxHops) continue; // this order\'s chain is done',
          go: 'if order.Hops >= maxHops {\n\tcontinue // this order\'s chain is done\n}',
        },
      },
      run: async (context) => {
        const end = await followOrder(context, { orderId: orderId() });
        const problem = chainProblem(end);
        if (problem) return fail(problem, { invocations: maxHops + 1, stoppedByLambda: 0 }, end);
        if (end.invocations === maxHops + 1) return pass();
        return fail(`The order made ${end.invocations} invocations: one for the order and one for each of its ${maxHops} follow-ups make ${maxHops + 1}`, { invocations: maxHops + 1 }, end);
      },
    },
    {
      name: 'queues nothing for an order already at MAX_HOPS',
      description: `The grader sends {"orderId": ..., "hops": ${maxHops}}: the function handles it and queues no follow-up (one invocation, the queue empty afterwards).`,
      hints: {
        concept: 'The hop count travels with the message, so each message decides by itself whether its chain goes on; nothing in the execution environment (a counter in a variable) can know which chain a message belongs to. Lesson 7.2, Recursive loop detection.',
        api: 'Check the count before you send, not after',
        code: {
          nodejs: "if ((order.hops ?? 0) >= MAX_HOPS) continue;",
          python: 'if order.get("hops", 0) >= MAX_HOPS:\n    continue',
          ruby: "next if order.fetch('hops', 0) >= MAX_HOPS",
          java: 'if (hops >= MAX_HOPS) continue;',
          dotnet: 'if (order.Hops >= MaxHops) continue;',
          go: 'if order.Hops >= maxHops {\n\tcontinue\n}',
        },
      },
      run: async (context) => {
        const end = await followOrder(context, { orderId: orderId(), hops: maxHops });
        const problem = chainProblem(end);
        if (problem) return fail(problem, { invocations: 1 }, end);
        if (end.invocations === 1) return pass();
        return fail(`An order at MAX_HOPS made ${end.invocations} invocations: it should queue nothing`, { invocations: 1 }, end);
      },
    },
  ],
});
