// The AWS protocols the endpoint speaks besides Lambda's and KMS's, added by what a template
// starts (SQS, Kinesis, DynamoDB, CloudWatch, API Gateway's @connections): each claims its
// requests (by X-Amz-Target, path or content type) and answers them in its own error shape.

import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ProtocolRequest {
  method: string;
  url: URL;
  /** X-Amz-Target, when the request has one ("AmazonSQS.SendMessage"). */
  target?: string;
  headers: IncomingMessage['headers'];
}

export interface ProtocolCall extends ProtocolRequest {
  body: Buffer;
  requestId: string;
  req: IncomingMessage;
  res: ServerResponse;
}

export interface EndpointProtocol {
  /** Its service's name, shown in the call log and in the endpoint's "does not serve" answer. */
  name: string;
  /** The operations it serves, for that answer. */
  operations: readonly string[];
  claims(request: ProtocolRequest): boolean;
  /** Answers the call (writes res) and returns its line for the call log, e.g. "SQS SendMessage 200". */
  answer(call: ProtocolCall): Promise<string>;
}

/** The protocols in the order they claim requests; adding returns the removal. */
export class ProtocolRegistry {
  private readonly protocols: EndpointProtocol[] = [];

  add(protocol: EndpointProtocol): () => void {
    this.protocols.push(protocol);
    return () => {
      const at = this.protocols.indexOf(protocol);
      if (at >= 0) this.protocols.splice(at, 1);
    };
  }

  find(request: ProtocolRequest): EndpointProtocol | undefined {
    return this.protocols.find((p) => p.claims(request));
  }

  list(): readonly EndpointProtocol[] {
    return this.protocols;
  }
}
