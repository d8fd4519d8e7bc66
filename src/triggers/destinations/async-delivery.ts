// Where Lambda sends an asynchronous invocation that ended: a failure to the function's
// dead-letter queue (the event as it was, with RequestID, ErrorCode and ErrorMessage attributes)
// and to its on-failure destination, a success to its on-success destination (an invocation
// record: request context, event, response). Queues of the stack and Lambda functions are
// delivered to; SNS topics, event buses and buckets are not emulated, so a record for them is
// counted as Lambda counts an undeliverable one (DeadLetterErrors, DestinationDeliveryFailures).
// Sources: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html (dead-letter queues)
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html (records)

import type { AsyncInvocationResult } from '../../runtime/types.ts';
import type { SqsQueue, SqsSendInput } from '../event-sources/sqs-queue.ts';
import type { LambdaPort } from '../lambda-port.ts';
import type { LambdaMetrics } from '../metrics/lambda-metrics.ts';

export interface AsyncDeliveryTargets {
  /** A queue of the stack by ARN, when it has one. */
  queueByArn(arn: string): SqsQueue | undefined;
  /** For Lambda function destinations. */
  port: LambdaPort;
  metrics?: LambdaMetrics;
  /** A console line when a record cannot be delivered. */
  notice(line: string): void;
}

/** JSON text as a value, or the text itself when it is not JSON (a function may answer anything). */
function parsed(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The invocation record Lambda sends to a destination, with the fields its documentation shows. */
export function invocationRecord(result: AsyncInvocationResult): Record<string, unknown> {
  return {
    version: '1.0',
    timestamp: new Date(result.timestamp).toISOString(),
    requestContext: {
      requestId: result.requestId,
      functionArn: result.functionArn,
      condition: result.condition,
      approximateInvokeCount: result.approximateInvokeCount,
    },
    requestPayload: parsed(result.event),
    responseContext: {
      statusCode: result.statusCode,
      executedVersion: result.executedVersion,
      ...(result.functionError ? { functionError: result.functionError } : {}),
    },
    responsePayload: parsed(result.responsePayload),
  };
}

/** The error message a dead-letter message carries: the first 1 KB of it. */
function errorMessageOf(result: AsyncInvocationResult): string {
  const response = parsed(result.responsePayload) as { errorMessage?: unknown } | null;
  const message = typeof response?.errorMessage === 'string' ? response.errorMessage : result.responsePayload;
  const bytes = Buffer.from(message, 'utf8');
  return bytes.length <= 1024 ? message : bytes.subarray(0, 1024).toString('utf8').replace(/\uFFFD$/, '');
}

/** Why a queue cannot take Lambda's message, or undefined when it can. */
function queueRefusal(queue: SqsQueue | undefined, arn: string): string | undefined {
  if (!queue) return `${arn} is not a queue of this stack`;
  if (queue.fifo) return `${arn} is a FIFO queue, and Lambda sends only to standard queues`;
  return undefined;
}

function notEmulated(arn: string): string | undefined {
  const service = arn.split(':')[2];
  if (service === 'sns') return `${arn} is an SNS topic, which is not emulated here`;
  if (service === 'events') return `${arn} is an EventBridge event bus, which is not emulated here`;
  if (service === 's3') return `${arn} is an S3 bucket, which is not emulated here`;
  return undefined;
}

/** Writes one message to a queue of the stack; the reason when it cannot. */
function sendToQueue(arn: string, message: SqsSendInput, targets: AsyncDeliveryTargets): string | undefined {
  const queue = targets.queueByArn(arn);
  const refusal = notEmulated(arn) ?? queueRefusal(queue, arn);
  if (refusal) return refusal;
  try {
    queue!.send(message);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The event as it was sent, with the attributes Lambda adds for a dead-letter queue. */
function sendToDeadLetterQueue(result: AsyncInvocationResult, arn: string, targets: AsyncDeliveryTargets): string | undefined {
  return sendToQueue(arn, {
    body: result.event,
    messageAttributes: {
      RequestID: { dataType: 'String', stringValue: result.requestId },
      ErrorCode: { dataType: 'Number', stringValue: String(result.statusCode) },
      ErrorMessage: { dataType: 'String', stringValue: errorMessageOf(result) || 'Unhandled' },
    },
  }, targets);
}

/** The invocation record, to a queue or as the event of a Lambda function. */
async function sendRecord(result: AsyncInvocationResult, arn: string, targets: AsyncDeliveryTargets): Promise<string | undefined> {
  const body = JSON.stringify(invocationRecord(result));
  if (arn.split(':')[2] !== 'lambda') return sendToQueue(arn, { body }, targets);
  try {
    await targets.port.invoke({ functionName: arn, payload: body, invocationType: 'Event' });
    return undefined;
  } catch (error) {
    return `${arn} did not take the record: ${(error as Error).message}`;
  }
}

/** Delivers one ended asynchronous invocation where its function's settings send it. */
export async function deliverAsyncResult(result: AsyncInvocationResult, targets: AsyncDeliveryTargets): Promise<void> {
  const qualifier = result.functionArn.split(':')[7];
  const invoked = qualifier !== undefined && qualifier !== '$LATEST' ? { qualifier } : {};
  if (result.deadLetterTargetArn) {
    const problem = sendToDeadLetterQueue(result, result.deadLetterTargetArn, targets);
    if (problem) {
      targets.metrics?.deadLetterError(result.functionName, invoked);
      targets.notice(`${result.functionName}: event ${result.requestId} was not written to its dead-letter queue (DeadLetterErrors): ${problem}.`);
    }
  }
  if (result.destination) {
    const problem = await sendRecord(result, result.destination, targets);
    if (problem) {
      targets.metrics?.destinationDeliveryFailure(result.functionName, invoked);
      const which = result.condition === 'Success' ? 'on-success' : 'on-failure';
      targets.notice(`${result.functionName}: the record of ${result.requestId} did not reach its ${which} destination (DestinationDeliveryFailures): ${problem}.`);
    }
  }
}
