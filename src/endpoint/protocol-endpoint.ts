// A loopback endpoint that serves only what a stack added (DynamoDB, SQS, Kinesis, CloudWatch),
// without Lambda's API: a lab's own stack runs beside whichever target holds its functions, and
// those functions reach it through AWS_ENDPOINT_URL_<SERVICE>, which every current AWS SDK reads.
// Source: https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html

import { randomUUID } from 'node:crypto';
import { awsJsonErrorBody, listenLoopback } from '../runtime/http/loopback.ts';
import { ProtocolRegistry } from './protocols.ts';

/** The SDKs' service identifiers whose endpoint variable points here. */
export const stackServiceIds = ['DYNAMODB', 'SQS', 'KINESIS', 'CLOUDWATCH'] as const;

export interface ProtocolEndpoint {
  url: string;
  protocols: ProtocolRegistry;
  /** AWS_ENDPOINT_URL_<SERVICE> for each service a stack may serve here. */
  environment: Record<string, string>;
  close(): Promise<void>;
}

export async function startProtocolEndpoint(options: { name?: string; maxBodyBytes?: number; onCall?: (line: string) => void } = {}): Promise<ProtocolEndpoint> {
  const protocols = new ProtocolRegistry();
  const listener = await listenLoopback({
    name: options.name ?? "The lab's local AWS services",
    // The largest request is Kinesis PutRecords: 10 MiB of records, base64 in JSON (about 14 MB).
    maxBodyBytes: options.maxBodyBytes ?? 16 * 1024 * 1024,
    errorBody: awsJsonErrorBody,
    // @aws-sdk/client-kinesis speaks HTTP/2 (cleartext, prior knowledge) to an http:// endpoint.
    http2: true,
    handle: async (req, res, context) => {
      const body = await context.body();
      if (!body) return;
      const url = new URL(req.url ?? '/', 'http://endpoint');
      const target = req.headers['x-amz-target'];
      const request = { method: req.method ?? 'GET', url, headers: req.headers, ...(typeof target === 'string' ? { target } : {}) };
      const protocol = protocols.find(request);
      if (!protocol) {
        const served = protocols.list().map((p) => `${p.name} (${p.operations.join(', ')})`).join('; ') || 'nothing yet';
        const what = typeof target === 'string' ? `X-Amz-Target ${target}` : `${request.method} ${url.pathname}`;
        context.error(400, 'UnknownOperationException', `This local endpoint does not serve ${what}. It serves ${served}.`);
        return;
      }
      const started = performance.now();
      const line = await protocol.answer({ ...request, body, requestId: randomUUID(), req, res });
      options.onCall?.(`${line} ${Math.round(performance.now() - started)} ms`);
    },
  });
  return {
    url: listener.url,
    protocols,
    environment: Object.fromEntries(stackServiceIds.map((id) => [`AWS_ENDPOINT_URL_${id}`, listener.url])),
    close: () => listener.close(),
  };
}
