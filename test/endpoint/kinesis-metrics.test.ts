// A stack's streams publish AWS/Kinesis stream-level metrics into its CloudWatch as records are
// put and read, readable with the official CloudWatch SDK like any other metric.

import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { anyCredentials } from '../support/endpoint.ts';
import { useStartedTemplate } from '../support/started-template.ts';

const template = `
Resources:
  Feed:
    Type: AWS::Kinesis::Stream
    Properties:
      Name: feed
      ShardCount: 1
`;

const started = useStartedTemplate({ 'template.yaml': template });

describe('AWS/Kinesis metrics of a template stream', () => {
  it('counts incoming records and bytes, and what a read returned with its iterator age', async () => {
    const options = { endpoint: started().endpoint.url, region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 };
    const kinesis = new KinesisClient(options);
    const cloudwatch = new CloudWatchClient(options);
    const clock = started().parts.clock;
    const from = clock.now() - 60_000;
    await kinesis.send(new PutRecordsCommand({ StreamName: 'feed', Records: ['a', 'bb', 'ccc'].map((d) => ({ PartitionKey: 'k', Data: Buffer.from(d) })) }));
    clock.advance(5000);
    const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: 'feed', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
    expect((await kinesis.send(new GetRecordsCommand({ ShardIterator }))).Records).toHaveLength(3);
    kinesis.destroy();
    const stat = async (metric: string, statistic: 'Sum' | 'Maximum') => {
      const { Datapoints } = await cloudwatch.send(new GetMetricStatisticsCommand({
        Namespace: 'AWS/Kinesis', MetricName: metric, Dimensions: [{ Name: 'StreamName', Value: 'feed' }],
        StartTime: new Date(from), EndTime: new Date(clock.now() + 60_000), Period: 3600, Statistics: [statistic],
      }));
      return Datapoints?.[0]?.[statistic];
    };
    expect(await stat('IncomingRecords', 'Sum')).toBe(3);
    // Data and partition key: 1+1, 2+1, 3+1.
    expect(await stat('IncomingBytes', 'Sum')).toBe(9);
    expect(await stat('GetRecords.Records', 'Sum')).toBe(3);
    expect(await stat('GetRecords.IteratorAgeMilliseconds', 'Maximum')).toBeGreaterThanOrEqual(5000);
  });
});
