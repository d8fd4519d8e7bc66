// Lambda's event source mapping operations on the endpoint (REST-JSON, API 2015-03-31):
// CreateEventSourceMapping, ListEventSourceMappings, GetEventSourceMapping,
// UpdateEventSourceMapping and DeleteEventSourceMapping, over the stack's mappings. A started
// template adds this protocol beside its queues and streams (it claims the paths before Lambda's
// own routes), so the official LambdaClient, the AWS CLI or boto3 manage the same mappings the
// template made. Status codes as Lambda's model gives them: Create, Update and Delete 202, Get
// and List 200 (@aws-sdk/client-lambda's operation schemas).
// Source: https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html and its siblings.

import type { EventSourceMappings } from '../../triggers/event-sources/mapping-registry.ts';
import { MappingError, type MappingInput } from '../../triggers/event-sources/mapping-config.ts';
import type { EndpointProtocol, ProtocolCall } from '../protocols.ts';
import { sendLambdaError } from './errors.ts';

const base = '/2015-03-31/event-source-mappings';
const settable = ['FunctionName', 'Enabled', 'FilterCriteria', 'BatchSize', 'MaximumBatchingWindowInSeconds', 'ScalingConfig', 'FunctionResponseTypes', 'ParallelizationFactor', 'MaximumRetryAttempts', 'MaximumRecordAgeInSeconds', 'BisectBatchOnFunctionError', 'DestinationConfig'];
const creatable = [...settable, 'EventSourceArn', 'StartingPosition', 'StartingPositionTimestamp'];

function body(call: ProtocolCall, allowed: readonly string[]): MappingInput {
  let parsed: unknown = {};
  if (call.body.length > 0) {
    try {
      parsed = JSON.parse(call.body.toString('utf8'));
    } catch (error) {
      throw new MappingError(`Could not parse request body into json: ${(error as Error).message}.`);
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new MappingError('The request body must be a JSON object.');
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    // Parameters of other kinds of source (Kafka, MQ, DocumentDB) are not run here.
    if (allowed.includes(key)) input[key] = value;
    else if (key !== 'Tags' && key !== 'MetricsConfig' && key !== 'KMSKeyArn') throw new MappingError(`${key} is not a parameter this local Lambda takes for SQS or Kinesis mappings; it takes ${allowed.join(', ')}.`);
  }
  return input as MappingInput;
}

function answer(call: ProtocolCall, status: number, value: object): void {
  const bytes = Buffer.from(JSON.stringify(value));
  call.res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': bytes.length, 'x-amzn-RequestId': call.requestId });
  call.res.end(bytes);
}

export function eventSourceMappingProtocol(mappings: EventSourceMappings, functionArn: (name: string) => string): EndpointProtocol {
  return {
    name: 'Lambda event source mappings',
    operations: ['CreateEventSourceMapping', 'ListEventSourceMappings', 'GetEventSourceMapping', 'UpdateEventSourceMapping', 'DeleteEventSourceMapping'],
    claims: (request) => request.url.pathname === base || request.url.pathname === `${base}/` || request.url.pathname.startsWith(`${base}/`),
    async answer(call) {
      const requestId = call.requestId as `${string}-${string}-${string}-${string}-${string}`;
      const uuid = decodeURIComponent(call.url.pathname.slice(base.length).replace(/^\/|\/$/g, ''));
      let operation = 'EventSourceMapping';
      try {
        if (!uuid && call.method === 'POST') {
          operation = 'CreateEventSourceMapping';
          answer(call, 202, await mappings.create(body(call, creatable)));
        } else if (!uuid && call.method === 'GET') {
          operation = 'ListEventSourceMappings';
          const source = call.url.searchParams.get('EventSourceArn') ?? undefined;
          const fn = call.url.searchParams.get('FunctionName') ?? undefined;
          const all = mappings.list({ ...(source ? { EventSourceArn: source } : {}), ...(fn ? { FunctionArn: fn.startsWith('arn:') ? fn : functionArn(fn) } : {}) });
          const start = Number(call.url.searchParams.get('Marker') ?? 0) || 0;
          const size = Math.min(Math.max(Number(call.url.searchParams.get('MaxItems') ?? 100) || 100, 1), 10_000);
          const page = all.slice(start, start + size);
          answer(call, 200, { EventSourceMappings: page, ...(start + size < all.length ? { NextMarker: String(start + size) } : {}) });
        } else if (uuid && call.method === 'GET') {
          operation = 'GetEventSourceMapping';
          answer(call, 200, mappings.get(uuid));
        } else if (uuid && call.method === 'PUT') {
          operation = 'UpdateEventSourceMapping';
          answer(call, 202, await mappings.update(uuid, body(call, settable)));
        } else if (uuid && call.method === 'DELETE') {
          operation = 'DeleteEventSourceMapping';
          answer(call, 202, await mappings.delete(uuid));
        } else {
          sendLambdaError(call.res, 'UnknownOperationException', `${call.method} ${call.url.pathname} is not an event source mapping operation.`, requestId);
        }
      } catch (error) {
        if (error instanceof MappingError) sendLambdaError(call.res, error.type, error.message, requestId);
        else sendLambdaError(call.res, 'ServiceException', `The local endpoint failed on ${operation}: ${(error as Error).message}`, requestId);
      }
      return `Lambda ${operation}${uuid ? ` ${uuid}` : ''} ${call.res.statusCode}`;
    },
  };
}
