import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { CloudWatchClient, DescribeAlarmHistoryCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { fail, pass } from '../../src/grader/check-helpers.ts';
import { defineLab, type CheckContext } from '../../src/grader/lab-types.ts';
import { sqsClient, stackQueue } from '../../src/grader/queue-checks.ts';
import { stackClientConfig, stackOf } from '../../src/grader/stack-checks.ts';
import { gbSeconds, lambdaPrices, priceOf } from '../../src/triggers/metrics/prices.ts';

const namespace = 'Lab20/Orders';
const dimensions = [{ Name: 'Service', Value: 'orders' }];
/** The memory the budget pays for: the run's own billed time at this size. */
const budgetMemoryMB = 512;

interface Activity {
  batches: number;
  failedBatches: number;
  lastFailure?: string;
}

function activityOf(context: CheckContext): Activity {
  const activity = (stackOf(context).outputs.eventSourceMappings?.OrdersMapping as { Activity?: Activity } | undefined)?.Activity;
  if (!activity) throw new Error("The lab's stack has no OrdersMapping: its event source mapping was not created.");
  return activity;
}

/**
 * Sends one order per amount to the orders queue and waits until the mapping has delivered each
 * (one invocation per order) and the queue is empty. Gives the failures among them.
 */
async function placeOrders(context: CheckContext, amounts: number[]): Promise<{ failures: number; lastFailure?: string }> {
  const stack = stackOf(context);
  const queueUrl = stackQueue(stack, 'Orders').url;
  const client = sqsClient(stack, await context.clients.lambda.config.region());
  try {
    const before = activityOf(context);
    for (const amount of amounts) await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ orderId: `o-${randomBytes(4).toString('hex')}`, amount }) }));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const now = activityOf(context);
      if (now.batches - before.batches >= amounts.length) {
        const failures = now.failedBatches - before.failedBatches;
        return { failures, ...(failures > 0 && now.lastFailure ? { lastFailure: now.lastFailure } : {}) };
      }
      if (Date.now() > deadline) throw new Error(`The mapping delivered ${now.batches - before.batches} of ${amounts.length} orders in 60 s.`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    client.destroy();
  }
}

async function cloudWatch(context: CheckContext): Promise<CloudWatchClient> {
  return new CloudWatchClient(stackClientConfig(stackOf(context), await context.clients.lambda.config.region()));
}

/** The Sum of a custom metric over the whole run, read with GetMetricStatistics as a dashboard would. */
async function metricSum(context: CheckContext, metricName: string): Promise<number> {
  const stack = stackOf(context);
  const client = await cloudWatch(context);
  try {
    const now = stack.clock.now();
    const { Datapoints = [] } = await client.send(new GetMetricStatisticsCommand({
      Namespace: namespace, MetricName: metricName, Dimensions: dimensions,
      StartTime: new Date(now - 3 * 3600_000), EndTime: new Date(now + 3600_000), Period: 3600, Statistics: ['Sum'],
    }));
    return Datapoints.reduce((sum, d) => sum + (d.Sum ?? 0), 0);
  } finally {
    client.destroy();
  }
}

/** The states the alarm went to since a clock time, oldest first, read with DescribeAlarmHistory. */
async function alarmChangesSince(context: CheckContext, since: number): Promise<string[]> {
  const client = await cloudWatch(context);
  try {
    const { AlarmHistoryItems = [] } = await client.send(new DescribeAlarmHistoryCommand({ AlarmName: 'lab20-rejected-orders', HistoryItemType: 'StateUpdate', StartDate: new Date(since), ScanBy: 'TimestampAscending' }));
    return AlarmHistoryItems.map((item) => (JSON.parse(item.HistoryData ?? '{}') as { newState?: { stateValue?: string } }).newState?.stateValue ?? '?');
  } finally {
    client.destroy();
  }
}

function alarmState(context: CheckContext): string | undefined {
  const alarm = stackOf(context).outputs.alarms?.RejectedOrders as { state?: string } | undefined;
  return alarm?.state;
}

interface RunCost {
  functionName: string;
  requests: number;
  billedMs: number;
  gbSeconds: number;
  usd: number;
}

function runCost(context: CheckContext): RunCost | undefined {
  const run = stackOf(context).outputs.cost?.run as { functions?: Record<string, RunCost> } | undefined;
  return run?.functions?.[context.functionName];
}

const emfHint = {
  nodejs: "console.log(JSON.stringify({ _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: 'Lab20/Orders', Dimensions: [['Service']], Metrics: [{ Name: 'OrdersAccepted', Unit: 'Count' }, { Name: 'OrdersRejected', Unit: 'Count' }] }] }, Service: 'orders', OrdersAccepted: accepted ? 1 : 0, OrdersRejected: accepted ? 0 : 1 }));",
  python: 'print(json.dumps({"_aws": {"Timestamp": int(time.time() * 1000), "CloudWatchMetrics": [{"Namespace": "Lab20/Orders", "Dimensions": [["Service"]], "Metrics": [{"Name": "OrdersAccepted", "Unit": "Count"}, {"Name": "OrdersRejected", "Unit": "Count"}]}]}, "Service": "orders", "OrdersAccepted": 1 if accepted else 0, "OrdersRejected": 0 if accepted else 1}))',
  ruby: "puts JSON.generate({ '_aws' => { 'Timestamp' => (Time.now.to_f * 1000).to_i, 'CloudWatchMetrics' => [{ 'Namespace' => 'Lab20/Orders', 'Dimensions' => [['Service']], 'Metrics' => [{ 'Name' => 'OrdersAccepted', 'Unit' => 'Count' }, { 'Name' => 'OrdersRejected', 'Unit' => 'Count' }] }] }, 'Service' => 'orders', 'OrdersAccepted' => accepted ? 1 : 0, 'OrdersRejected' => accepted ? 0 : 1 })",
  java: 'System.out.println("{\\"_aws\\":{\\"Timestamp\\":" + System.currentTimeMillis() + ",\\"CloudWatchMetrics\\":[{\\"Namespace\\":\\"Lab20/Orders\\",\\"Dimensions\\":[[\\"Service\\"]],\\"Metrics\\":[{\\"Name\\":\\"OrdersAccepted\\",\\"Unit\\":\\"Count\\"},{\\"Name\\":\\"OrdersRejected\\",\\"Unit\\":\\"Count\\"}]}]},\\"Service\\":\\"orders\\",\\"OrdersAccepted\\":" + (accepted ? 1 : 0) + ",\\"OrdersRejected\\":" + (accepted ? 0 : 1) + "}");',
  dotnet: 'Console.WriteLine("{\\"_aws\\":{\\"Timestamp\\":" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + ",\\"CloudWatchMetrics\\":[{\\"Namespace\\":\\"Lab20/Orders\\",\\"Dimensions\\":[[\\"Service\\"]],\\"Metrics\\":[{\\"Name\\":\\"OrdersAccepted\\",\\"Unit\\":\\"Count\\"},{\\"Name\\":\\"OrdersRejected\\",\\"Unit\\":\\"Count\\"}]}]},\\"Service\\":\\"orders\\",\\"OrdersAccepted\\":" + (accepted ? 1 : 0) + ",\\"OrdersRejected\\":" + (accepted ? 0 : 1) + "}");',
  go: 'fmt.Printf(`{"_aws":{"Timestamp":%d,"CloudWatchMetrics":[{"Namespace":"Lab20/Orders","Dimensions":[["Service"]],"Metrics":[{"Name":"OrdersAccepted","Unit":"Count"},{"Name":"OrdersRejected","Unit":"Count"}]}]},"Service":"orders","OrdersAccepted":%d,"OrdersRejected":%d}` + "\\n", time.Now().UnixMilli(), acceptedCount, rejectedCount)',
};

export default defineLab({
  number: 20,
  title: 'Metrics, alarms and cost',
  lesson: 7,
  summary: 'Publish a custom metric per order in the embedded metric format, so that the stack\'s alarm goes to ALARM when orders are rejected, and size the function\'s memory so that the run\'s cost estimate stays within its budget.',
  languages: ['nodejs', 'python', 'ruby', 'go', 'java', 'dotnet'],
  entryFile: { nodejs: 'index.mjs', python: 'lambda_function.py', ruby: 'lambda_function.rb', go: 'main.go', java: 'src/main/java/Handler.java', dotnet: 'Function.cs' },
  function: {
    handler: { nodejs: 'index.handler', python: 'lambda_function.lambda_handler', ruby: 'lambda_function.lambda_handler', go: 'bootstrap', java: 'Handler::handleRequest', dotnet: 'Lab::Lab.Function::FunctionHandler' },
    timeout: 10,
  },
  // The alarm on Lab20/Orders OrdersRejected (Service=orders), and the stack's cost estimate: stack/template.yaml.
  needs: { stack: { template: fileURLToPath(new URL('stack/template.yaml', import.meta.url)) } },
  starterFails: ['publishes OrdersAccepted and OrdersRejected in the embedded metric format', 'the alarm stays OK while orders are accepted and goes to ALARM when one is rejected', `the run costs no more than its budget (its billed time at ${budgetMemoryMB} MB)`],
  checks: [
    {
      name: 'handles orders from the queue without error',
      description: 'The grader sends {"orderId": ..., "amount": 25} and {"orderId": ..., "amount": 0} to the orders queue; the mapping delivers each to the function (one per invocation), and neither invocation fails: a rejected order (amount 0 or less) is business as usual, not a function error.',
      hints: {
        concept: 'Each SQS record\'s body is an order; an order with an amount above 0 is accepted, any other is rejected. A rejected order is an outcome to count, not an error to throw: a thrown error would send the message back to the queue. Lesson 7.3, Metrics.',
        api: 'event.Records[i].body is the order as JSON text',
        code: {
          nodejs: "const order = JSON.parse(record.body);\nconst accepted = order.amount > 0;",
          python: 'order = json.loads(record["body"])\naccepted = order.get("amount", 0) > 0',
          ruby: "order = JSON.parse(record['body'])\naccepted = order.fetch('amount', 0) > 0",
          java: 'boolean accepted = amountOf(message.getBody()) > 0;',
          dotnet: 'var order = JsonSerializer.Deserialize<Order>(record.Body);\nvar accepted = order.Amount > 0;',
          go: 'accepted := o.Amount > 0',
        },
      },
      run: async (context) => {
        const outcome = await placeOrders(context, [25, 0]);
        if (outcome.failures === 0) return pass();
        return fail(`${outcome.failures} of 2 orders failed: ${outcome.lastFailure}`, { failures: 0 }, outcome);
      },
    },
    {
      name: 'publishes OrdersAccepted and OrdersRejected in the embedded metric format',
      description: `For every order the function prints one embedded metric format document: namespace ${namespace}, dimension Service=orders, metrics OrdersAccepted and OrdersRejected (Unit Count), 1 for what happened and 0 for the other. After 3 accepted and 2 rejected orders, GetMetricStatistics gives Sums that grew by 3 and 2.`,
      hints: {
        concept: 'CloudWatch Logs turns a JSON log line with an _aws.CloudWatchMetrics directive into metrics, with no API call in the handler: the cheap way to publish your own numbers. Lesson 7.3, Metrics.',
        api: '{"_aws": {"Timestamp": <epoch ms>, "CloudWatchMetrics": [{"Namespace": "Lab20/Orders", "Dimensions": [["Service"]], "Metrics": [{"Name": "OrdersAccepted", "Unit": "Count"}, {"Name": "OrdersRejected", "Unit": "Count"}]}]}, "Service": "orders", "OrdersAccepted": 1, "OrdersRejected": 0}, on one line of standard output',
        code: emfHint,
      },
      run: async (context) => {
        const before = { accepted: await metricSum(context, 'OrdersAccepted'), rejected: await metricSum(context, 'OrdersRejected') };
        await placeOrders(context, [10, 20, 30, 0, 0]);
        const grew = { OrdersAccepted: (await metricSum(context, 'OrdersAccepted')) - before.accepted, OrdersRejected: (await metricSum(context, 'OrdersRejected')) - before.rejected };
        if (grew.OrdersAccepted === 3 && grew.OrdersRejected === 2) return pass();
        const none = grew.OrdersAccepted === 0 && grew.OrdersRejected === 0 ? ': no metric reached CloudWatch, so the log lines are not embedded metric format documents (the stack says why a document was not extracted)' : '';
        return fail(`After 3 accepted and 2 rejected orders the metrics grew by ${grew.OrdersAccepted} and ${grew.OrdersRejected}${none}`, { OrdersAccepted: 3, OrdersRejected: 2 }, grew);
      },
    },
    {
      name: 'the alarm stays OK while orders are accepted and goes to ALARM when one is rejected',
      description: 'The stack\'s alarm lab20-rejected-orders watches OrdersRejected (Sum over 60 s, above 0, missing data not breaching). One evaluation (a minute of the stack\'s clock) after accepted orders only, it is OK; one evaluation after a rejected order, it is ALARM (the grader moves the clock).',
      hints: {
        concept: 'An alarm watches a metric, not your logs: it fires only if the function publishes the metric it watches, under the same namespace, name and dimensions. Lesson 7.3, Alarms.',
        api: 'Publish OrdersRejected with Service=orders in namespace Lab20/Orders: 0 for an accepted order, 1 for a rejected one',
        code: emfHint,
      },
      run: async (context) => {
        const stack = stackOf(context);
        // Past whatever earlier checks published: a minute with no data is not breaching.
        stack.clock.advance(180_000);
        await placeOrders(context, [5, 15]);
        // One evaluation step (alarms are evaluated each whole minute of the clock): the minute of these orders.
        stack.clock.advance(60_000);
        const calm = alarmState(context);
        if (calm !== 'OK') return fail(`One evaluation after accepted orders only, the alarm is ${calm}`, { afterAccepted: 'OK' }, { afterAccepted: calm });
        const since = stack.clock.now();
        await placeOrders(context, [0]);
        stack.clock.advance(60_000);
        // The minute of the rejected order may already have been evaluated as it ended: read the history.
        const changes = await alarmChangesSince(context, since);
        if (changes.includes('ALARM')) return pass();
        return fail(`One evaluation after a rejected order, the alarm is ${alarmState(context)}: OrdersRejected did not reach CloudWatch as the alarm watches it`, { afterAccepted: 'OK', afterRejected: 'ALARM' }, { afterAccepted: calm, afterRejected: alarmState(context), changes });
      },
    },
    {
      name: `the run costs no more than its budget (its billed time at ${budgetMemoryMB} MB)`,
      description: `After 10 more orders, the stack's cost estimate for the function (requests, plus GB-seconds of billed time, init included, at the function's memory and ${lambdaPrices.region} prices) is no more than the budget: the same requests and billed time at ${budgetMemoryMB} MB.`,
      hints: {
        concept: 'Lambda bills memory times billed duration: the same work at twelve times the memory costs twelve times as much, unless the extra CPU makes it that much faster. This function waits on nothing and computes little, so more memory buys nothing. Lesson 7.3, Cost.',
        api: 'MemorySize in function.json, beside your code: the function\'s memory in MB (128 to 10,240)',
        code: '{ "MemorySize": 256 }',
      },
      run: async (context) => {
        await placeOrders(context, [12, 0, 12, 12, 0, 12, 12, 12, 0, 12]);
        const cost = runCost(context);
        if (!cost) return fail('The stack has no cost estimate for the function', { functionName: context.functionName }, stackOf(context).outputs.cost);
        const budget = priceOf(cost.requests, gbSeconds(budgetMemoryMB, cost.billedMs));
        const memoryMB = Math.round((cost.gbSeconds * 1024 * 1000) / cost.billedMs);
        const shown = { requests: cost.requests, billedMs: cost.billedMs, memoryMB, usd: cost.usd, budgetUsd: budget };
        if (cost.usd <= budget * (1 + 1e-9)) return pass();
        return fail(`The run's ${cost.requests} requests cost $${cost.usd.toFixed(8)}, over the budget of $${budget.toFixed(8)}: the function has ${memoryMB} MB for work that needs far less`, { usd: `at most ${budget.toFixed(8)}` }, shown);
      },
    },
  ],
});
