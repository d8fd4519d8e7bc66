// A stack in front of a remote endpoint (the endpoint target) sees the invocations its own Lambda
// port makes: each rebuilt from Invoke's log tail (REPORT figures, EMF lines), throttles included.

import { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../src/runtime/clock.ts';
import { reportLine } from '../../../src/runtime/invoke/platform-log.ts';
import { CloudWatchMonitor } from '../../../src/triggers/metrics/cloudwatch-monitor.ts';
import { parseReportLine } from '../../../src/triggers/ports/observed-invokes.ts';
import { sdkPort } from '../../../src/triggers/ports/sdk-port.ts';
import { anyCredentials, useEndpoint } from '../../support/endpoint.ts';
import { deploy } from '../../support/service.ts';

const endpoint = useEndpoint();

describe('metrics through the SDK port', () => {
  it('reads back every figure of the REPORT line Lambda writes', () => {
    const report = { requestId: 'r-1', durationMs: 12.34, billedDurationMs: 140, memorySizeMB: 512, maxMemoryUsedMB: 70, initDurationMs: 127.5, status: 'error' as const, errorType: 'Runtime.Unknown', environmentId: '', coldStart: true };
    expect(parseReportLine(reportLine(report))).toEqual(report);
    expect(parseReportLine('START RequestId: r-1 Version: $LATEST')).toBeUndefined();
  });

  it('counts the port\'s own invocations, errors, durations, cost and EMF metrics from the log tail', async () => {
    const name = await deploy(endpoint().service, 'nodejs22.x', 'nodejs', 'prints.handler', { MemorySize: 256 });
    const port = sdkPort(new LambdaClient({ endpoint: endpoint().url, region: 'us-east-1', credentials: anyCredentials }), { region: 'us-east-1', accountId: '123456789012' });
    const clock = new SimulatedClock();
    const monitor = new CloudWatchMonitor({ clock, region: 'us-east-1', accountId: '123456789012' });
    expect(monitor.watch(port)).toBe(true);
    const from = clock.now() - 1000;
    const emf = { _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: 'Tail', Dimensions: [[]], Metrics: [{ Name: 'Items', Unit: 'Count' }] }] }, Items: 4 };
    await port.invoke({ functionName: name, payload: JSON.stringify({ print: [emf] }) });
    await port.invoke({ functionName: `arn:aws:lambda:us-east-1:123456789012:function:${name}`, payload: JSON.stringify({ fail: true }) });
    const query = (namespace: string, metric: string, statistic: string, dimensions = [{ Name: 'FunctionName', Value: name }]) =>
      monitor.store.statistics({ namespace, name: metric, dimensions, startMs: from, endMs: clock.now() + 60_000, periodSeconds: 60, statistics: [statistic] })[0]?.values[statistic];
    expect(query('AWS/Lambda', 'Invocations', 'Sum')).toBe(2);
    expect(query('AWS/Lambda', 'Errors', 'Sum')).toBe(1);
    expect(query('AWS/Lambda', 'Duration', 'SampleCount')).toBe(2);
    expect(query('Tail', 'Items', 'Sum', [])).toBe(4);
    expect(monitor.cost.byFunction()).toEqual([expect.objectContaining({ functionName: name, requests: 2, architecture: 'x86_64' })]);
    expect(monitor.cost.byFunction()[0]!.gbSeconds).toBeGreaterThan(0);
    monitor.close();
  });
});
