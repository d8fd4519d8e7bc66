// SQS on the local endpoint, as the current SDKs speak it: AWS JSON 1.0, `X-Amz-Target:
// AmazonSQS.<Operation>`, answered in application/x-amz-json-1.0 with SQS's error shape
// (sqs-errors.ts). @aws-sdk/client-sqs 3.1178 sends exactly that (AwsJson1_0Protocol with
// awsQueryCompatible, which also sends `x-amzn-query-mode: true`); so do boto3 1.44 and the
// other current SDKs. The queue-level operations are here; the message ones in sqs-messages.ts.
// Source: SQS Developer Guide sqs-json-faqs.html, sqs-json-api-responses.html; SQS API reference.

import type { ProtocolCall, EndpointProtocol, ProtocolRequest } from '../protocols.ts';
import { readableQueueAttributes } from '../../triggers/event-sources/sqs-attributes.ts';
import { SqsError } from '../../triggers/event-sources/sqs-error.ts';
import type { SqsQueues } from '../../triggers/event-sources/sqs-registry.ts';
import { sendSqsError, sendSqsResult } from './sqs-errors.ts';
import * as messages from './sqs-messages.ts';
import type { Input, SqsCallContext } from './sqs-messages.ts';

const targetPrefix = 'AmazonSQS.';

function createQueue(queues: SqsQueues, input: Input): object {
  const attributes = (input.Attributes ?? {}) as Record<string, string>;
  return { QueueUrl: queues.create(input.QueueName as string, attributes).url };
}

function getQueueAttributes(queues: SqsQueues, input: Input): object {
  const queue = queues.require(input.QueueUrl as string);
  const asked = Array.isArray(input.AttributeNames) ? (input.AttributeNames as string[]) : [];
  for (const name of asked) {
    if (name !== 'All' && !(readableQueueAttributes as readonly string[]).includes(name)) {
      throw new SqsError('InvalidAttributeName', `Unknown attribute ${name}. Ask for All or any of: ${readableQueueAttributes.join(', ')}.`);
    }
  }
  const counts = queue.counts();
  const all: Record<string, string> = {
    ...queue.attributes,
    QueueArn: queue.arn,
    ApproximateNumberOfMessages: String(counts.visible),
    ApproximateNumberOfMessagesNotVisible: String(counts.notVisible),
    ApproximateNumberOfMessagesDelayed: String(counts.delayed),
    CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt / 1000)),
  };
  const chosen = Object.entries(all).filter(([name]) => asked.includes('All') || asked.includes(name));
  return chosen.length === 0 ? {} : { Attributes: Object.fromEntries(chosen) };
}

function listQueues(queues: SqsQueues, input: Input): object {
  const prefix = typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : '';
  const urls = queues.list(prefix).map((q) => q.url);
  const max = typeof input.MaxResults === 'number' ? input.MaxResults : undefined;
  if (max === undefined) return urls.length === 0 ? {} : { QueueUrls: urls.slice(0, 1000) };
  if (!Number.isInteger(max) || max < 1 || max > 1000) throw new SqsError('InvalidParameterValue', `MaxResults ${max} must be a whole number from 1 to 1000.`);
  const start = typeof input.NextToken === 'string' ? Number(input.NextToken) || 0 : 0;
  const page = urls.slice(start, start + max);
  return { QueueUrls: page, ...(start + max < urls.length ? { NextToken: String(start + max) } : {}) };
}

type Operation = (queues: SqsQueues, input: Input, call: SqsCallContext) => object | Promise<object>;

const operations: Record<string, Operation> = {
  CreateQueue: createQueue,
  GetQueueUrl: (queues, input) => ({ QueueUrl: queues.requireName(input.QueueName as string).url }),
  DeleteQueue: (queues, input) => {
    queues.delete(queues.require(input.QueueUrl as string));
    return {};
  },
  ListQueues: listQueues,
  GetQueueAttributes: getQueueAttributes,
  SetQueueAttributes: (queues, input) => {
    queues.setAttributes(queues.require(input.QueueUrl as string), (input.Attributes ?? {}) as Record<string, string>);
    return {};
  },
  PurgeQueue: (queues, input) => {
    queues.require(input.QueueUrl as string).purge();
    return {};
  },
  SendMessage: messages.sendMessage,
  SendMessageBatch: messages.sendMessageBatch,
  ReceiveMessage: messages.receiveMessage,
  DeleteMessage: messages.deleteMessage,
  DeleteMessageBatch: messages.deleteMessageBatch,
  ChangeMessageVisibility: messages.changeMessageVisibility,
  ChangeMessageVisibilityBatch: messages.changeMessageVisibilityBatch,
};

/** The access key id the request was signed with: what SenderId shows here. */
function accessKeyOf(authorization: string | string[] | undefined): string | undefined {
  return typeof authorization === 'string' ? /Credential=([^/,\s]+)\//.exec(authorization)?.[1] : undefined;
}

export function sqsProtocol(queues: SqsQueues): EndpointProtocol {
  return {
    name: 'SQS',
    operations: Object.keys(operations),
    claims: (request: ProtocolRequest) => request.target?.startsWith(targetPrefix) === true,
    async answer(call: ProtocolCall): Promise<string> {
      const operation = call.target!.slice(targetPrefix.length);
      const run = operations[operation];
      // A long poll ends (with no messages) when its client goes away.
      const gone = new AbortController();
      call.res.once('close', () => gone.abort());
      try {
        if (!run) throw new SqsError('InvalidAction', `SQS here does not serve ${operation}. It serves ${Object.keys(operations).join(', ')}.`);
        let input: Input;
        try {
          input = call.body.length === 0 ? {} : (JSON.parse(call.body.toString('utf8')) as Input);
        } catch {
          throw new SqsError('InvalidParameterValue', `The ${operation} request body is not JSON; SQS's JSON protocol takes a JSON object.`);
        }
        const trace = call.headers['x-amzn-trace-id'];
        const context: SqsCallContext = {
          senderId: accessKeyOf(call.headers.authorization) ?? queues.accountId,
          signal: gone.signal,
          ...(typeof trace === 'string' && trace !== '' ? { traceHeader: trace } : {}),
        };
        const result = await run(queues, input ?? {}, context);
        if (!call.res.destroyed) sendSqsResult(call.res, result, call.requestId);
      } catch (error) {
        if (error instanceof SqsError) sendSqsError(call.res, error.code, error.message, call.requestId);
        else sendSqsError(call.res, 'InternalError', `The local SQS failed on ${operation}: ${(error as Error).message}`, call.requestId);
      }
      return `SQS ${operation} ${call.res.statusCode}`;
    },
  };
}
