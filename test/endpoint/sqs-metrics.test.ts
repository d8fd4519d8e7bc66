// A stack's queues publish AWS/SQS metrics into its CloudWatch: the counts as they happen, the
// queue-depth gauges once a minute on the stack's clock, so an alarm on a dead-letter queue fires
// when a message is redriven there, as AWS advises. Driven by the official SQS and CloudWatch SDKs.

import { CloudWatchClient, DescribeAlarmsCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { anyCredentials } from '../support/endpoint.ts';
import { useStartedTemplate } from '../support/started-template.ts';

const template = `
Resources:
  Work:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: work
      VisibilityTimeout: 10
      RedrivePolicy: { deadLetterTargetArn: !GetAtt Dead.Arn, maxReceiveCount: 1 }
  Dead:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: work-dlq
  DeadLettersWaiting:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/SQS
      MetricName: ApproximateNumberOfMessagesVisible
      Dimensions: [{ Name: QueueName, Value: !GetAtt Dead.QueueName }]
      Statistic: Maximum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 0
      ComparisonOperator: GreaterThanThreshold
      TreatMissingData: notBreaching
`;

const started = useStartedTemplate({ 'template.yaml': template });
const clients = () => {
  const options = { endpoint: started().endpoint.url, region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 };
  return { sqs: new SQSClient(options), cloudwatch: new CloudWatchClient(options) };
};

async function sum(cloudwatch: CloudWatchClient, queue: string, metric: string, from: number): Promise<number> {
  const clock = started().parts.clock;
  const { Datapoints } = await cloudwatch.send(new GetMetricStatisticsCommand({
    Namespace: 'AWS/SQS', MetricName: metric, Dimensions: [{ Name: 'QueueName', Value: queue }],
    StartTime: new Date(from), EndTime: new Date(clock.now() + 60_000), Period: 3600, Statistics: ['Sum'],
  }));
  return (Datapoints ?? []).reduce((total, d) => total + (d.Sum ?? 0), 0);
}

describe('AWS/SQS metrics of a template queue', () => {
  it('counts sends, receives, empty receives and deletes, and not a redrive as a send', async () => {
    const { sqs, cloudwatch } = clients();
    const clock = started().parts.clock;
    const from = clock.now() - 60_000;
    const url = (started().parts.outputs.queues!.Work as { url: string }).url;
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'will fail' }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toHaveLength(1);
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    clock.advance(10_000);
    // maxReceiveCount 1: this receive moves the message to work-dlq and returns nothing.
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'fine' }));
    const [fine] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages!;
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: fine!.ReceiptHandle }));
    expect(await sum(cloudwatch, 'work', 'NumberOfMessagesSent', from)).toBe(2);
    expect(await sum(cloudwatch, 'work', 'SentMessageSize', from)).toBe(Buffer.byteLength('will fail') + Buffer.byteLength('fine'));
    expect(await sum(cloudwatch, 'work', 'NumberOfMessagesReceived', from)).toBe(2);
    expect(await sum(cloudwatch, 'work', 'NumberOfEmptyReceives', from)).toBe(2);
    expect(await sum(cloudwatch, 'work', 'NumberOfMessagesDeleted', from)).toBe(1);
    expect(await sum(cloudwatch, 'work-dlq', 'NumberOfMessagesSent', from)).toBe(0);
  });

  it('samples the dead-letter queue depth each minute of the clock, and its alarm goes to ALARM', async () => {
    const { cloudwatch } = clients();
    const clock = started().parts.clock;
    const from = clock.now();
    clock.advance(120_000);
    clock.advance(60_000);
    const { Datapoints } = await cloudwatch.send(new GetMetricStatisticsCommand({
      Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: 'work-dlq' }],
      StartTime: new Date(from), EndTime: new Date(clock.now() + 60_000), Period: 60, Statistics: ['Maximum'],
    }));
    expect(Datapoints!.length).toBeGreaterThanOrEqual(3);
    expect(Datapoints!.every((d) => d.Maximum === 1)).toBe(true);
    const { MetricAlarms } = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['DeadLettersWaiting'] }));
    expect(MetricAlarms![0]!.StateValue).toBe('ALARM');
  });
});
