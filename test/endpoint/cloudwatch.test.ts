// CloudWatch on the local endpoint, as a user meets it: a template's functions invoked through
// the official Lambda client, their metrics, EMF metrics and alarms read through the official
// CloudWatch client (AWS JSON 1.0, its default), alarms moving with the stack's clock.

import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
  type Dimension,
} from '@aws-sdk/client-cloudwatch';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEndpoint, type LocalEndpoint } from '../../src/endpoint/server.ts';
import { SimulatedClock } from '../../src/runtime/clock.ts';
import type { InvocationRecord } from '../../src/runtime/types.ts';
import { deployTemplate, type DeployedStack } from '../../src/template/deploy.ts';
import { loadTemplate } from '../../src/template/load.ts';
import { startStackParts, type StartedParts } from '../../src/template/start-parts.ts';
import { gbSeconds, priceOf } from '../../src/triggers/metrics/prices.ts';
import { servicePort } from '../../src/triggers/ports/service-port.ts';
import { projectRoot } from '../support/cli.ts';
import { anyCredentials } from '../support/endpoint.ts';

const template = join(projectRoot, 'test/fixtures/templates/metrics/template.yaml');

let endpoint: LocalEndpoint;
let stack: DeployedStack;
let parts: StartedParts;
let cloudwatch: CloudWatchClient;
let lambda: LambdaClient;
const clock = new SimulatedClock();
const notices: string[] = [];
const records: InvocationRecord[] = [];

beforeAll(async () => {
  // Two environments at most, so concurrent invocations are throttled as Lambda throttles past its limit.
  endpoint = await startEndpoint({ service: { idleTimeoutMs: 60_000, maxEnvironments: 2 } });
  endpoint.service.on('invocation', (record) => records.push(record));
  const plan = loadTemplate(template, { stackName: 'metrics' });
  stack = await deployTemplate(plan, endpoint.service);
  parts = await startStackParts(plan, stack, { port: servicePort(endpoint.service), endpointUrl: endpoint.url, protocols: endpoint.protocols, clock, notice: (line) => notices.push(line) });
  cloudwatch = new CloudWatchClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: anyCredentials });
  lambda = new LambdaClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: anyCredentials });
});

afterAll(async () => {
  await parts?.close();
  await endpoint?.close();
});

const name = (logicalId: string) => stack.functions[logicalId]!.name;

async function invoke(logicalId: string, event: object = {}, qualifier?: string) {
  return lambda.send(new InvokeCommand({ FunctionName: name(logicalId), Payload: JSON.stringify(event), ...(qualifier ? { Qualifier: qualifier } : {}) }));
}

/** Sum over every datapoint of the statistic, in the window [from, clock now + 1 min). */
async function total(metric: string, dimensions: Dimension[], from: number, statistic: 'Sum' | 'SampleCount' | 'Maximum' = 'Sum', namespace = 'AWS/Lambda'): Promise<number> {
  const out = await cloudwatch.send(
    new GetMetricStatisticsCommand({ Namespace: namespace, MetricName: metric, Dimensions: dimensions, StartTime: new Date(from), EndTime: new Date(clock.now() + 60_000), Period: 60, Statistics: [statistic] }),
  );
  const values = (out.Datapoints ?? []).map((d) => d[statistic] ?? 0);
  return statistic === 'Maximum' ? Math.max(0, ...values) : values.reduce((a, b) => a + b, 0);
}

describe('CloudWatch on the endpoint', () => {
  it('an alarm from the template goes to ALARM when errors cross its threshold in a period of the clock, and back to OK, on the console and in the outputs', async () => {
    const alarm = () => (parts.outputs.alarms as Record<string, { name: string; state: string; reason: string }>).WorkerErrors!;
    // Evaluated at creation: no errors, missing data is not breaching.
    expect(alarm().state).toBe('OK');
    // Both errors in one period: start a second after a minute boundary of the clock.
    clock.advance(60_000 - (clock.now() % 60_000) + 1000);
    await invoke('Worker', { fail: true });
    await invoke('Worker', { fail: true }, 'live');
    clock.advance(60_000);
    expect(alarm().state).toBe('ALARM');
    expect(alarm().reason).toMatch(/greater than or equal to the threshold \(2\)/);
    // The error-rate alarm (metric math: errors / invocations * 100) saw 100 % in that minute.
    const rate = (parts.outputs.alarms as Record<string, { name: string; state: string; metric: string }>).WorkerErrorRate!;
    expect(rate).toMatchObject({ name: 'worker-error-rate', state: 'ALARM', metric: 'metric math: Error rate (%)' });
    expect(notices.join('\n')).toContain('Alarm WorkerErrors: OK -> ALARM.');
    const described = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['WorkerErrors'] }));
    expect(described.MetricAlarms?.[0]).toMatchObject({ StateValue: 'ALARM', MetricName: 'Errors', Namespace: 'AWS/Lambda', Threshold: 2, Dimensions: [{ Name: 'FunctionName', Value: name('Worker') }] });
    clock.advance(60_000);
    expect(alarm().state).toBe('OK');
    expect(notices.join('\n')).toContain('Alarm WorkerErrors: ALARM -> OK.');
    expect(rate.state).toBe('OK');
    const history = await cloudwatch.send(new DescribeAlarmHistoryCommand({ AlarmName: 'WorkerErrors', HistoryItemType: 'StateUpdate', ScanBy: 'TimestampAscending' }));
    expect(history.AlarmHistoryItems?.map((h) => h.HistorySummary)).toEqual(['Alarm updated from INSUFFICIENT_DATA to OK', 'Alarm updated from OK to ALARM', 'Alarm updated from ALARM to OK']);
  });

  it('every invocation counts in AWS/Lambda by function, by resource and, through an alias, by the version it ran; Duration and ConcurrentExecutions too', async () => {
    clock.advance(600_000);
    const from = clock.now() - 1000;
    await invoke('Worker');
    await invoke('Worker', {}, 'live');
    await invoke('Worker', { fail: true }, 'live');
    const fn = { Name: 'FunctionName', Value: name('Worker') };
    expect(await total('Invocations', [fn], from)).toBe(3);
    expect(await total('Errors', [fn], from)).toBe(1);
    expect(await total('Invocations', [fn, { Name: 'Resource', Value: name('Worker') }], from)).toBe(1);
    expect(await total('Invocations', [fn, { Name: 'Resource', Value: `${name('Worker')}:live` }], from)).toBe(2);
    expect(await total('Invocations', [fn, { Name: 'Resource', Value: `${name('Worker')}:live` }, { Name: 'ExecutedVersion', Value: '1' }], from)).toBe(2);
    expect(await total('Invocations', [], from)).toBe(3);
    expect(await total('Duration', [fn], from, 'SampleCount')).toBe(3);
    expect(await total('Duration', [fn], from, 'Maximum')).toBeGreaterThan(0);
    expect(await total('ConcurrentExecutions', [fn], from, 'Maximum')).toBe(1);

    const data = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(from),
        EndTime: new Date(clock.now() + 60_000),
        MetricDataQueries: [{ Id: 'errors', MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [fn] }, Period: 60, Stat: 'Sum' } }],
      }),
    );
    expect(data.MetricDataResults?.[0]).toMatchObject({ Id: 'errors', StatusCode: 'Complete' });
    expect(data.MetricDataResults?.[0]?.Values?.reduce((a, b) => a + b, 0)).toBe(1);
    expect(data.MetricDataResults?.[0]?.Timestamps?.[0]).toBeInstanceOf(Date);

    const rate = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(from),
        EndTime: new Date(clock.now() + 60_000),
        MetricDataQueries: [
          { Id: 'e', ReturnData: false, MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [fn] }, Period: 300, Stat: 'Sum' } },
          { Id: 'i', ReturnData: false, MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [fn] }, Period: 300, Stat: 'Sum' } },
          { Id: 'rate', Expression: '100 * e / i', Label: 'Error rate' },
        ],
      }),
    );
    expect(rate.MetricDataResults).toHaveLength(1);
    expect(rate.MetricDataResults?.[0]).toMatchObject({ Id: 'rate', Label: 'Error rate' });
    expect(rate.MetricDataResults?.[0]?.Values?.[0]).toBeCloseTo(100 / 3, 10);
    await expect(
      cloudwatch.send(new GetMetricDataCommand({ StartTime: new Date(from), EndTime: new Date(clock.now()), MetricDataQueries: [{ Id: 'x', Expression: 'SUM(METRICS())' }] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException', message: expect.stringMatching(/The function SUM\(\) is not emulated here/) });

    const listed = await cloudwatch.send(new ListMetricsCommand({ Namespace: 'AWS/Lambda', Dimensions: [{ Name: 'FunctionName', Value: name('Worker') }] }));
    const names = new Set(listed.Metrics?.map((m) => m.MetricName));
    for (const metric of ['Invocations', 'Errors', 'Throttles', 'Duration', 'ConcurrentExecutions']) expect(names).toContain(metric);
  });

  it('a throttled invocation counts as Throttles, never as Invocations or Errors', async () => {
    clock.advance(600_000);
    const from = clock.now() - 1000;
    // No retries: the SDK retries a throttled call, and each attempt is one more throttle.
    const once = new LambdaClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 });
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => once.send(new InvokeCommand({ FunctionName: name('Worker'), Payload: JSON.stringify({ sleepMs: 1500 }) }))));
    const throttled = results.filter((r) => r.status === 'rejected' && (r.reason as Error).name === 'TooManyRequestsException').length;
    const ran = results.filter((r) => r.status === 'fulfilled').length;
    expect(throttled).toBeGreaterThan(0);
    const fn = [{ Name: 'FunctionName', Value: name('Worker') }];
    expect(await total('Throttles', fn, from)).toBe(throttled);
    expect(await total('Invocations', fn, from)).toBe(ran);
    expect(await total('Errors', fn, from)).toBe(0);
  });

  it('an invocation that recursive loop detection stops counts in RecursiveInvocationsDropped, not in Invocations', async () => {
    clock.advance(600_000);
    const from = clock.now() - 1000;
    // A chain that has already invoked Worker 17 times (Lineage <hash of its ARN>:16).
    const hash = createHash('sha256').update(stack.functions.Worker!.arn).digest('hex').slice(0, 8);
    const traced = new LambdaClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 });
    const call = traced.send(new InvokeCommand({ FunctionName: name('Worker'), Payload: '{}' }));
    await expect(
      endpoint.service.invoke({ FunctionName: name('Worker'), Payload: '{}', TraceHeader: `Root=1-5759e988-bd862e3fe1be46a994272793;Lineage=${hash}:16` }),
    ).rejects.toMatchObject({ name: 'RecursiveInvocationException' });
    await call;
    const fn = [{ Name: 'FunctionName', Value: name('Worker') }];
    expect(await total('RecursiveInvocationsDropped', fn, from)).toBe(1);
    expect(await total('Invocations', fn, from)).toBe(1);
  });

  it('Embedded Metric Format lines in a function log become metrics; a line that breaks the specification is kept as a log and its reason told', async () => {
    const from = clock.now() - 1000;
    const valid = { _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: 'Shop', Dimensions: [['Service'], []], Metrics: [{ Name: 'OrderValue', Unit: 'Count' }] }] }, Service: 'checkout', OrderValue: [10, 20] };
    const noDimensionValue = { _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: 'Shop', Dimensions: [['Region']], Metrics: [{ Name: 'Lost' }] }] }, Lost: 1 };
    await invoke('Worker', { print: [valid, noDimensionValue] });
    expect(await total('OrderValue', [{ Name: 'Service', Value: 'checkout' }], from, 'Sum', 'Shop')).toBe(30);
    expect(await total('OrderValue', [{ Name: 'Service', Value: 'checkout' }], from, 'SampleCount', 'Shop')).toBe(2);
    expect(await total('OrderValue', [], from, 'Sum', 'Shop')).toBe(30);
    expect(await total('Lost', [{ Name: 'Region', Value: 'x' }], from, 'Sum', 'Shop')).toBe(0);
    expect(notices.join('\n')).toMatch(/EMF from .*Worker.* not extracted .*dimension Region must be a string member on the root of the document, not missing/);
  });

  it('PutMetricData stores values, value lists and statistic sets that the statistics then read; AWS/ namespaces are refused', async () => {
    const from = clock.now() - 1000;
    const dims = [{ Name: 'Stage', Value: 'test' }];
    await cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: 'Lab',
        MetricData: [
          { MetricName: 'Latency', Dimensions: dims, Value: 100, Unit: 'Milliseconds' },
          { MetricName: 'Latency', Dimensions: dims, Values: [10, 50], Counts: [2, 1], Unit: 'Milliseconds' },
          { MetricName: 'Latency', Dimensions: dims, StatisticValues: { SampleCount: 2, Sum: 40, Minimum: 5, Maximum: 35 }, Unit: 'Milliseconds' },
        ],
      }),
    );
    const stats = await cloudwatch.send(
      new GetMetricStatisticsCommand({ Namespace: 'Lab', MetricName: 'Latency', Dimensions: dims, StartTime: new Date(from), EndTime: new Date(clock.now() + 60_000), Period: 60, Statistics: ['SampleCount', 'Sum', 'Minimum', 'Maximum', 'Average'] }),
    );
    expect(stats.Datapoints).toHaveLength(1);
    expect(stats.Datapoints?.[0]).toMatchObject({ SampleCount: 6, Sum: 210, Minimum: 5, Maximum: 100, Average: 35, Unit: 'Milliseconds' });
    await expect(cloudwatch.send(new PutMetricDataCommand({ Namespace: 'AWS/Lambda', MetricData: [{ MetricName: 'Invocations', Value: 1 }] }))).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
      message: expect.stringMatching(/AWS\/Lambda for parameter Namespace is invalid/),
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('functions reach it with the SDKs their runtimes include: boto3 over RPC v2 CBOR, the JavaScript SDK over AWS JSON 1.0', async () => {
    const python = await invoke('PythonPublisher');
    expect(python.FunctionError, Buffer.from(python.Payload ?? []).toString()).toBeUndefined();
    expect(JSON.parse(Buffer.from(python.Payload!).toString())).toEqual({ protocol: 'smithy-rpc-v2-cbor', sum: 3, timestamp: 'datetime', error: 'InvalidParameterValue' });
    const node = await invoke('NodePublisher');
    expect(node.FunctionError, Buffer.from(node.Payload ?? []).toString()).toBeUndefined();
    expect(JSON.parse(Buffer.from(node.Payload!).toString())).toEqual({ values: [4] });
  });

  it('PutMetricAlarm, SetAlarmState and DeleteAlarms through the SDK, with CloudWatch\'s errors for a bad period and an unknown alarm', async () => {
    const base = { AlarmName: 'LabLatency', Namespace: 'Lab', MetricName: 'Latency', Dimensions: [{ Name: 'Stage', Value: 'test' }], Statistic: 'Maximum' as const, Period: 60, EvaluationPeriods: 1, Threshold: 50, ComparisonOperator: 'GreaterThanThreshold' as const };
    await cloudwatch.send(new PutMetricAlarmCommand(base));
    let alarm = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'LabLat' }))).MetricAlarms?.[0];
    expect(alarm?.StateValue).toMatch(/^(ALARM|INSUFFICIENT_DATA)$/);
    await cloudwatch.send(new SetAlarmStateCommand({ AlarmName: 'LabLatency', StateValue: 'OK', StateReason: 'testing' }));
    alarm = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['LabLatency'] }))).MetricAlarms?.[0];
    expect(alarm).toMatchObject({ StateValue: 'OK', StateReason: 'testing' });
    expect(alarm?.StateUpdatedTimestamp).toBeInstanceOf(Date);
    await expect(cloudwatch.send(new PutMetricAlarmCommand({ ...base, Period: 45 }))).rejects.toMatchObject({ name: 'InvalidParameterValueException', message: expect.stringMatching(/Period 45 is not allowed: use 10, 20, 30 or a multiple of 60/) });
    await expect(cloudwatch.send(new SetAlarmStateCommand({ AlarmName: 'Nope', StateValue: 'OK', StateReason: 'x' }))).rejects.toMatchObject({ name: 'ResourceNotFound', $metadata: { httpStatusCode: 404 } });
    await cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: ['LabLatency'] }));
    expect((await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['LabLatency'] }))).MetricAlarms).toEqual([]);
  });

  it('the cost estimate prices every request and billed GB-second (init included) at its architecture, and a long invocation after a baseline is a cost spike', async () => {
    const before = records.length;
    for (let i = 0; i < 5; i++) await invoke('ArmWorker');
    await invoke('ArmWorker', { sleepMs: 1500 });
    const arm = records.slice(before).filter((r) => r.functionName === name('ArmWorker'));
    expect(arm).toHaveLength(6);
    const cold = arm.find((r) => r.report?.coldStart);
    expect(cold?.report?.billedDurationMs).toBeGreaterThanOrEqual(Math.ceil(cold!.report!.durationMs + cold!.report!.initDurationMs!));
    const expected = arm.reduce((usd, r) => usd + priceOf(1, gbSeconds(r.report!.memorySizeMB, r.report!.billedDurationMs), 'arm64'), 0);
    const cost = parts.outputs.cost!.run as { functions: Record<string, { usd: number; requests: number; architecture: string; anomalies: number }>; total: { usd: number; anomalies: number } };
    const estimate = cost.functions[name('ArmWorker')]!;
    expect(estimate).toMatchObject({ requests: 6, architecture: 'arm64', anomalies: 1 });
    expect(estimate.usd).toBeCloseTo(expected, 12);
    expect(cost.functions[name('Worker')]!.architecture).toBe('x86_64');
    expect(cost.total.usd).toBeGreaterThan(estimate.usd);
    expect(notices.join('\n')).toMatch(new RegExp(`Cost spike: ${name('ArmWorker')} request \\S+ cost \\$\\S+, \\d+\\.\\dx the median`));
    // The outputs file is JSON: the live estimate serialises.
    expect(JSON.parse(JSON.stringify(parts.outputs)).cost.run.total.anomalies).toBeGreaterThanOrEqual(1);
  });

  it('a template alarm that breaks a rule stops the stack at start with the file, the resource, the property and the fix', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'alarm-template-'));
    const file = join(folder, 'template.yaml');
    writeFileSync(file, ['Resources:', '  Slow:', '    Type: AWS::CloudWatch::Alarm', '    Properties:', '      Namespace: Lab', '      MetricName: Latency', '      Statistic: Average', '      Period: 45', '      EvaluationPeriods: 1', '      Threshold: 1', '      ComparisonOperator: GreaterThanThreshold', ''].join('\n'));
    try {
      const plan = loadTemplate(file);
      const empty = await deployTemplate(plan, endpoint.service);
      await expect(startStackParts(plan, empty, { port: servicePort(endpoint.service), endpointUrl: endpoint.url, protocols: endpoint.protocols })).rejects.toThrow(
        `${file}: Slow Properties.Period: 45 is not allowed: use 10, 20, 30 or a multiple of 60 seconds.`,
      );
      // Nothing of it stays: the endpoint's CloudWatch is still the first stack's.
      expect(endpoint.protocols.list().filter((p) => p.name === 'CloudWatch')).toHaveLength(1);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('stopping the stack says what the run would have cost, in total and per function', async () => {
    await parts.close();
    expect(notices.at(-1)).toMatch(new RegExp(`^Cost of this run on Lambda: \\d+ requests, \\d+\\.\\d{3} GB-seconds ≈ \\$\\d+\\.\\d{8} \\(.*${name('ArmWorker')} 6 x arm64 \\$`));
  });
});
