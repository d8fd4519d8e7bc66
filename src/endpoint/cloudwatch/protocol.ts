// CloudWatch on the endpoint, in the two protocols current SDKs speak to it:
// - AWS JSON 1.0 (X-Amz-Target: GraniteServiceVersion20100801.<Operation>), the default of the
//   JavaScript SDK v3 (@aws-sdk/client-cloudwatch 3.1178: runtimeConfig.shared.js, protocol
//   AwsJson1_0Protocol, awsQueryCompatible), timestamps as epoch seconds;
// - Smithy RPC v2 CBOR (POST /service/GraniteServiceVersion20100801/operation/<Operation>,
//   smithy-protocol: rpc-v2-cbor), the first choice of botocore 1.44 (boto3 in Lambda's Python
//   runtime; service-2.json metadata protocols: smithy-rpc-v2-cbor, json, query) and of the Go
//   SDK v2 (service/cloudwatch v1.76.0 api_client.go: rpcv2.NewCBOR), timestamps as CBOR tag 1.
//   The CBOR codec is the SDK's own (@smithy/core/cbor).
// Both are "query compatible": an error also carries x-amzn-query-error: <Code>;Sender, from
// which the SDKs take the error code the older query protocol used (InvalidParameterValue).
// Source: https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html;
// https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html; awsQueryCompatible trait.

import { cbor, dateToTag } from '@smithy/core/cbor';
import type { EndpointProtocol, ProtocolCall, ProtocolRequest } from '../protocols.ts';
import type { CloudWatchMonitor } from '../../triggers/metrics/cloudwatch-monitor.ts';
import { CloudWatchError, cloudWatchOperations } from './operations.ts';

const serviceTarget = 'GraniteServiceVersion20100801';
const namespace = 'com.amazonaws.cloudwatch';
const cborPath = new RegExp(`^/service/${serviceTarget}/operation/([A-Za-z]+)$`);

type Wire = 'json' | 'cbor';

/** Dates as each protocol writes timestamps; everything else as is. */
function forWire(value: unknown, wire: Wire): unknown {
  if (value instanceof Date) return wire === 'json' ? value.getTime() / 1000 : dateToTag(value);
  if (Array.isArray(value)) return value.map((v) => forWire(v, wire));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, forWire(v, wire)]));
  return value;
}

/** CBOR's tag 1 (epoch seconds) as a Date, so operations see one kind of timestamp. */
function fromCbor(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromCbor);
  if (value !== null && typeof value === 'object') {
    const tagged = value as { tag?: unknown; value?: unknown };
    if (tagged.tag === 1 && typeof tagged.value === 'number') return new Date(tagged.value * 1000);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromCbor(v)]));
  }
  return typeof value === 'bigint' ? Number(value) : value;
}

function operationOf(request: ProtocolRequest): { wire: Wire; operation: string } | undefined {
  if (request.target?.startsWith(`${serviceTarget}.`)) return { wire: 'json', operation: request.target.slice(serviceTarget.length + 1) };
  const match = cborPath.exec(request.url.pathname);
  if (match && request.method === 'POST') return { wire: 'cbor', operation: match[1]! };
  return undefined;
}

function send(call: ProtocolCall, wire: Wire, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const bytes = wire === 'json' ? Buffer.from(JSON.stringify(forWire(body, wire))) : Buffer.from(cbor.serialize(forWire(body, wire)));
  const headers: Record<string, string | number> = {
    'x-amzn-RequestId': call.requestId,
    'Content-Type': wire === 'json' ? 'application/x-amz-json-1.0' : 'application/cbor',
    'Content-Length': bytes.length,
    ...(wire === 'cbor' ? { 'smithy-protocol': 'rpc-v2-cbor' } : {}),
    ...extra,
  };
  call.res.writeHead(status, headers);
  call.res.end(bytes);
}

function decode(call: ProtocolCall, wire: Wire): Record<string, unknown> {
  if (call.body.length === 0) return {};
  try {
    const input = wire === 'json' ? JSON.parse(call.body.toString('utf8')) : fromCbor(cbor.deserialize(new Uint8Array(call.body)));
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new Error('the body is not an object');
    return input as Record<string, unknown>;
  } catch (error) {
    throw new CloudWatchError('InvalidParameterValue', 'InvalidParameterValueException', 400, `The request body is not ${wire === 'json' ? 'JSON' : 'CBOR'} with an object at the top: ${(error as Error).message}.`);
  }
}

export function cloudWatchProtocol(monitor: CloudWatchMonitor): EndpointProtocol {
  return {
    name: 'CloudWatch',
    operations: Object.keys(cloudWatchOperations),
    claims: (request) => operationOf(request) !== undefined,
    async answer(call) {
      const { wire, operation } = operationOf(call)!;
      const run = cloudWatchOperations[operation];
      try {
        if (!run) {
          throw new CloudWatchError('InvalidAction', 'InvalidAction', 400, `The local CloudWatch does not serve ${operation}. It serves ${Object.keys(cloudWatchOperations).join(', ')}.`);
        }
        send(call, wire, 200, run(monitor, decode(call, wire)));
      } catch (error) {
        const e = error instanceof CloudWatchError ? error : new CloudWatchError('InternalServiceError', 'InternalServiceFault', 500, `The local CloudWatch failed on ${operation}: ${(error as Error).message}`);
        send(call, wire, e.status, { __type: `${namespace}#${e.shape}`, message: e.message }, { 'x-amzn-query-error': `${e.code};${e.status >= 500 ? 'Receiver' : 'Sender'}` });
      }
      return `CloudWatch ${operation} ${call.res.statusCode}`;
    },
  };
}
