// The local AWS endpoint: one loopback port (loopback.ts: 127.0.0.1 only, loopback Host only, no
// Origin, bounded bodies) speaking Lambda's and KMS's own protocols, in front of a LambdaService
// whose functions get the endpoint as AWS_ENDPOINT_URL. The official SDKs and the AWS CLI reach
// it with AWS_ENDPOINT_URL=http://127.0.0.1:<port> and any credentials.

import { awsJsonErrorBody, listenLoopback } from '../runtime/http/loopback.ts';
import { defaultKeyFile, KeyService } from '../runtime/key-service.ts';
import { LambdaService, type LambdaServiceOptions } from '../runtime/service.ts';
import { Deployments } from './lambda-api/deployments.ts';
import type { LambdaApi } from './lambda-api/request.ts';
import { ProtocolRegistry } from './protocols.ts';
import { routeRequest } from './router.ts';

/**
 * The largest request: CreateFunction with a 50 MB .zip, base64 in JSON. Lambda's own bound
 * (seen in its RequestEntityTooLargeException: "Request must be smaller than 69905067 bytes for
 * the CreateFunction operation").
 */
export const maxRequestBytes = 69_905_067;

export interface EndpointOptions {
  /** 0 (the default) picks a free port; serve uses 4566, the port AWS-compatible local endpoints use. */
  port?: number;
  service?: Omit<LambdaServiceOptions, 'endpointUrl'>;
  onCall?: (line: string) => void;
  /** Where a function created or updated through the API ends up (Active, Failed), with its build time. */
  onStateChange?: (line: string) => void;
}

export interface LocalEndpoint {
  url: string;
  port: number;
  service: LambdaService;
  /** Where a started template adds the protocols of its queues, streams, tables and APIs. */
  protocols: ProtocolRegistry;
  close(): Promise<void>;
}

export async function startEndpoint(options: EndpointOptions = {}): Promise<LocalEndpoint> {
  let api: LambdaApi | undefined;
  let keys: KeyService | undefined;
  const keyFile = options.service?.keyFile ?? defaultKeyFile();
  const protocols = new ProtocolRegistry();
  const listener = await listenLoopback({
    name: 'The local AWS endpoint',
    maxBodyBytes: maxRequestBytes,
    errorBody: awsJsonErrorBody,
    // @aws-sdk/client-kinesis speaks HTTP/2 (cleartext, prior knowledge) to an http:// endpoint.
    http2: true,
    port: options.port ?? 0,
    handle: (req, res, context) =>
      routeRequest(req, res, context, {
        api: api!,
        protocols,
        // The key file is read (or made) at the first KMS call, as the embedded service does.
        keys: () => (keys ??= new KeyService(keyFile, api!.service.region, api!.service.accountId)),
        ...(options.onCall ? { onCall: options.onCall } : {}),
      }),
  });
  // No request can arrive between the listen above and these lines: they run in the same turn.
  const service = new LambdaService({ ...options.service, endpointUrl: listener.url });
  api = { service, deployments: new Deployments(service, options.onStateChange) };
  let closing: Promise<void> | undefined;
  return {
    url: listener.url,
    port: listener.port,
    service,
    protocols,
    close: () => (closing ??= (async () => {
      await listener.close();
      await service.shutdown();
    })()),
  };
}
