// Asynchronous invocations that end go where Lambda sends them: a failed event to the function's
// dead-letter queue (the event as it was, with RequestID, ErrorCode and ErrorMessage) and an
// invocation record to its on-failure destination; a success's record to its on-success
// destination. Set from a SAM template (DeadLetterQueue, EventInvokeConfig) and through Lambda's
// API, read back with the official SQS, Lambda and CloudWatch clients over the endpoint.

import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DeleteFunctionEventInvokeConfigCommand,
  GetFunctionConfigurationCommand,
  GetFunctionEventInvokeConfigCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionEventInvokeConfigsCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionConfigurationCommand,
  UpdateFunctionEventInvokeConfigCommand,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../src/runtime/types.ts';
import { anyCredentials } from '../../support/endpoint.ts';
import { useStartedTemplate } from '../../support/started-template.ts';

const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  FailedOrders:
    Type: AWS::SQS::Queue
  FailureRecords:
    Type: AWS::SQS::Queue
  OrderedOnly:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: ordered-only.fifo
      FifoQueue: true
  Reserve:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: reserve-stock
      Runtime: nodejs22.x
      Handler: index.handler
      InlineCode: |
        exports.handler = async (event) => { throw new Error('no stock for ' + event.item); };
      DeadLetterQueue:
        Type: SQS
        TargetArn: !GetAtt FailedOrders.Arn
      EventInvokeConfig:
        MaximumRetryAttempts: 1
        DestinationConfig:
          OnFailure:
            Type: SQS
            Destination: !GetAtt FailureRecords.Arn
  Greeter:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: greeter
      Runtime: nodejs22.x
      Handler: index.handler
      InlineCode: |
        exports.handler = async (event) => ({ greeting: 'hello ' + event.name });
      EventInvokeConfig:
        DestinationConfig:
          OnSuccess:
            Type: Lambda
            Destination: !GetAtt Recorder.Arn
  Recorder:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: recorder
      Runtime: nodejs22.x
      Handler: index.handler
      InlineCode: |
        exports.handler = async (event) => { console.log('RECORD ' + JSON.stringify(event)); };
  Unlucky:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: unlucky
      Runtime: nodejs22.x
      Handler: index.handler
      InlineCode: |
        exports.handler = async () => { throw new Error('always'); };
      DeadLetterQueue:
        Type: SQS
        TargetArn: !GetAtt OrderedOnly.Arn
      EventInvokeConfig:
        MaximumRetryAttempts: 0
        DestinationConfig:
          OnFailure:
            Type: SNS
            Destination: arn:aws:sns:us-east-1:123456789012:nobody-listens
  Billing:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: billing
      Runtime: nodejs22.x
      Handler: index.handler
      InlineCode: |
        exports.handler = async () => ({});
  BillingAsync:
    Type: AWS::Lambda::EventInvokeConfig
    Properties:
      FunctionName: !Ref Billing
      Qualifier: $LATEST
      MaximumRetryAttempts: 0
      MaximumEventAgeInSeconds: 120
      DestinationConfig:
        OnFailure:
          Destination: !GetAtt FailureRecords.Arn
`;

const started = useStartedTemplate({ 'template.yaml': template }, { asyncRetryDelaysMs: [50] });
const client = () => ({ endpoint: started().endpoint.url, region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 });
const lambda = () => new LambdaClient(client());
const sqs = () => new SQSClient(client());
const queueUrl = (logicalId: string) => (started().parts.outputs.queues![logicalId] as { url: string }).url;

async function receiveOne(logicalId: string): Promise<Message> {
  const end = Date.now() + 40_000;
  while (Date.now() < end) {
    const out = await sqs().send(new ReceiveMessageCommand({ QueueUrl: queueUrl(logicalId), WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }));
    if (out.Messages?.[0]) return out.Messages[0];
  }
  throw new Error(`no message arrived in ${logicalId}`);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 40_000;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function startsOf(functionName: string): { count: () => number; stop: () => void } {
  let count = 0;
  const onLog = (e: LogEvent) => e.functionName === functionName && e.stream === 'platform' && e.message.startsWith('START') && count++;
  started().endpoint.service.on('log', onLog);
  return { count: () => count, stop: () => started().endpoint.service.off('log', onLog) };
}

describe('asynchronous invocation destinations and dead-letter queues', () => {
  it("sends a failed event, after MaximumRetryAttempts, to the dead-letter queue as it was sent, with Lambda's attributes", async () => {
    const starts = startsOf('reserve-stock');
    try {
      const accepted = await lambda().send(new InvokeCommand({ FunctionName: 'reserve-stock', InvocationType: 'Event', Payload: JSON.stringify({ item: 'umbrella' }) }));
      expect(accepted.StatusCode).toBe(202);
      const dead = await receiveOne('FailedOrders');
      expect(JSON.parse(dead.Body!)).toEqual({ item: 'umbrella' });
      expect(dead.MessageAttributes!.RequestID).toMatchObject({ DataType: 'String', StringValue: accepted.$metadata.requestId });
      expect(dead.MessageAttributes!.ErrorCode).toMatchObject({ DataType: 'Number', StringValue: '200' });
      expect(dead.MessageAttributes!.ErrorMessage).toMatchObject({ DataType: 'String', StringValue: 'no stock for umbrella' });
      // One retry (MaximumRetryAttempts: 1): the function ran twice.
      expect(starts.count()).toBe(2);

      const record = JSON.parse((await receiveOne('FailureRecords')).Body!);
      expect(record).toMatchObject({
        version: '1.0',
        requestContext: { requestId: accepted.$metadata.requestId, functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:reserve-stock:$LATEST', condition: 'RetriesExhausted', approximateInvokeCount: 2 },
        requestPayload: { item: 'umbrella' },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        responsePayload: { errorType: 'Error', errorMessage: 'no stock for umbrella' },
      });
      expect(Number.isNaN(Date.parse(record.timestamp))).toBe(false);
    } finally {
      starts.stop();
    }
  });

  it('invokes an on-success Lambda destination with the record of a successful event', async () => {
    const records: string[] = [];
    const onLog = (e: LogEvent) => e.functionName === 'recorder' && e.message.includes('RECORD ') && records.push(e.message.slice(e.message.indexOf('RECORD ') + 7));
    started().endpoint.service.on('log', onLog);
    try {
      const accepted = await lambda().send(new InvokeCommand({ FunctionName: 'greeter', InvocationType: 'Event', Payload: JSON.stringify({ name: 'Ada' }) }));
      await until(() => records.length === 1, "the recorder's log line");
      expect(JSON.parse(records[0]!)).toMatchObject({
        requestContext: { requestId: accepted.$metadata.requestId, condition: 'Success', approximateInvokeCount: 1 },
        requestPayload: { name: 'Ada' },
        responseContext: { statusCode: 200, executedVersion: '$LATEST' },
        responsePayload: { greeting: 'hello Ada' },
      });
      expect(JSON.parse(records[0]!).responseContext.functionError).toBeUndefined();
    } finally {
      started().endpoint.service.off('log', onLog);
    }
  });

  it('counts DeadLetterErrors and DestinationDeliveryFailures when the targets cannot take the event (a FIFO queue, a topic not emulated)', async () => {
    await lambda().send(new InvokeCommand({ FunctionName: 'unlucky', InvocationType: 'Event', Payload: '{}' }));
    await until(() => started().lines.some((l) => l.includes('DestinationDeliveryFailures')) && started().lines.some((l) => l.includes('DeadLetterErrors')), 'both notices');
    expect(started().lines.find((l) => l.includes('DeadLetterErrors'))).toContain('is a FIFO queue, and Lambda sends only to standard queues');
    expect(started().lines.find((l) => l.includes('DestinationDeliveryFailures'))).toContain('arn:aws:sns:us-east-1:123456789012:nobody-listens is an SNS topic, which is not emulated here');
    const cloudwatch = new CloudWatchClient(client());
    const now = Date.now();
    for (const metric of ['DeadLetterErrors', 'DestinationDeliveryFailures']) {
      const stats = await cloudwatch.send(new GetMetricStatisticsCommand({ Namespace: 'AWS/Lambda', MetricName: metric, Dimensions: [{ Name: 'FunctionName', Value: 'unlucky' }], StartTime: new Date(now - 600_000), EndTime: new Date(now + 60_000), Period: 60, Statistics: ['Sum'] }));
      expect(stats.Datapoints!.reduce((sum, d) => sum + (d.Sum ?? 0), 0), metric).toBe(1);
    }
  });

  it('keeps EventInvokeConfig through the Lambda API: put, update, get, list, delete, with the ranges and destination types Lambda allows', async () => {
    const put = await lambda().send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'recorder', MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 3600 }));
    expect(put).toMatchObject({ FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:recorder:$LATEST', MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 3600 });
    expect(put.LastModified).toBeInstanceOf(Date);
    const queueArn = (started().parts.outputs.queues!.FailureRecords as { arn: string }).arn;
    const updated = await lambda().send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'recorder', DestinationConfig: { OnFailure: { Destination: queueArn } } }));
    expect(updated).toMatchObject({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 3600, DestinationConfig: { OnFailure: { Destination: queueArn } } });
    expect((await lambda().send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'recorder' }))).DestinationConfig?.OnFailure?.Destination).toBe(queueArn);
    const listed = await lambda().send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'recorder' }));
    expect(listed.FunctionEventInvokeConfigs?.map((c) => c.FunctionArn)).toEqual(['arn:aws:lambda:us-east-1:123456789012:function:recorder:$LATEST']);

    await expect(lambda().send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'recorder', MaximumRetryAttempts: 3 }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('maximumRetryAttempts') });
    await expect(lambda().send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'recorder', MaximumEventAgeInSeconds: 30 }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('from 60 to 21600 seconds') });
    await expect(lambda().send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'recorder', DestinationConfig: { OnSuccess: { Destination: 'arn:aws:s3:::my-bucket' } } }))).rejects.toMatchObject({ name: 'InvalidParameterValueException', message: expect.stringContaining('only as an on-failure destination') });
    await expect(lambda().send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'recorder', DestinationConfig: { OnFailure: { Destination: 'my-queue' } } }))).rejects.toMatchObject({ name: 'InvalidParameterValueException', message: expect.stringContaining('is not a destination ARN') });

    await lambda().send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'recorder' }));
    await expect(lambda().send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'recorder' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(lambda().send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'recorder', Qualifier: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it("puts CloudFormation's AWS::Lambda::EventInvokeConfig on the function and qualifier it names", async () => {
    const config = await lambda().send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'billing' }));
    expect(config).toMatchObject({
      FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:billing:$LATEST',
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 120,
      DestinationConfig: { OnFailure: { Destination: (started().parts.outputs.queues!.FailureRecords as { arn: string }).arn } },
    });
  });

  it('sets and removes a dead-letter queue with UpdateFunctionConfiguration, refusing an ARN that is not a queue or topic', async () => {
    const queueArn = (started().parts.outputs.queues!.FailedOrders as { arn: string }).arn;
    await lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: 'recorder', DeadLetterConfig: { TargetArn: queueArn } }));
    await waitUntilFunctionUpdatedV2({ client: lambda(), maxWaitTime: 30 }, { FunctionName: 'recorder' });
    expect((await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: 'recorder' }))).DeadLetterConfig).toEqual({ TargetArn: queueArn });
    await expect(lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: 'recorder', DeadLetterConfig: { TargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:greeter' } }))).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
      message: expect.stringContaining('is not the ARN of an SQS queue or SNS topic'),
    });
    await lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: 'recorder', DeadLetterConfig: { TargetArn: '' } }));
    await waitUntilFunctionUpdatedV2({ client: lambda(), maxWaitTime: 30 }, { FunctionName: 'recorder' });
    expect((await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: 'recorder' }))).DeadLetterConfig).toBeUndefined();
  });
});
