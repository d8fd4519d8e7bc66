// The open connections of the WebSocket APIs a stack runs, by connection id, and the
// `@connections` callback API on them: POST sends data to the client, GET describes the
// connection, DELETE closes it; an id that is not (or no longer) connected is GoneException 410.
// Sources: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html
// https://docs.aws.amazon.com/apigatewaymanagementapi/latest/APIReference/ (PostToConnection,
// GetConnection, DeleteConnection: 200, 200 with connectedAt/identity/lastActiveAt, 204; errors
// ForbiddenException 403, GoneException 410, PayloadTooLargeException 413, LimitExceededException 429)
// https://repost.aws/knowledge-center/410-gone-api-gateway

import type { WebSocket } from 'ws';
import type { ConnectionContext } from './events.ts';
import { webSocketQuotas } from './websocket-api.ts';

export interface OpenConnection {
  context: ConnectionContext;
  socket: WebSocket;
  /** The API's logical id, for log lines. */
  api: string;
  lastActiveAt: number;
  /** Restarts the idle timer (a message in or out). */
  touch(): void;
}

export interface ManagementAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const errorAnswer = (status: number, type: string, message: string): ManagementAnswer => ({
  status,
  headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': type },
  body: JSON.stringify({ message }),
});

export class ConnectionRegistry {
  private readonly open = new Map<string, OpenConnection>();

  add(connection: OpenConnection): void {
    this.open.set(connection.context.connectionId, connection);
  }

  remove(connectionId: string): void {
    this.open.delete(connectionId);
  }

  get(connectionId: string): OpenConnection | undefined {
    return this.open.get(connectionId);
  }

  all(): OpenConnection[] {
    return [...this.open.values()];
  }

  /**
   * One @connections call. `stage`, when the path named one, must be the connection's own
   * (a callback URL of another stage does not reach it: 403 as API Gateway answers).
   */
  answer(method: string, connectionId: string, body: Buffer, stage: string | undefined, now: number): ManagementAnswer {
    const connection = this.open.get(connectionId);
    if (!['GET', 'POST', 'DELETE'].includes(method)) return errorAnswer(403, 'ForbiddenException', `@connections takes GET, POST and DELETE, not ${method}.`);
    if (!connection || connection.socket.readyState !== connection.socket.OPEN) {
      return errorAnswer(410, 'GoneException', `The connection ${connectionId} is not connected: it closed, or never opened (post only after $connect has returned).`);
    }
    if (stage !== undefined && stage !== connection.context.stage) {
      return errorAnswer(403, 'ForbiddenException', `The connection ${connectionId} belongs to stage ${connection.context.stage}, not ${stage}: use the callback URL of its own stage.`);
    }
    if (method === 'GET') {
      return {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          connectedAt: new Date(connection.context.connectedAt).toISOString(),
          identity: { sourceIp: connection.context.sourceIp, ...(connection.context.userAgent !== undefined ? { userAgent: connection.context.userAgent } : {}) },
          lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
        }),
      };
    }
    if (method === 'DELETE') {
      connection.socket.close(1000);
      return { status: 204, headers: {}, body: '' };
    }
    if (body.length > webSocketQuotas.messagePayloadBytes) {
      return errorAnswer(413, 'PayloadTooLargeException', `Data of ${body.length} bytes is over the ${webSocketQuotas.messagePayloadBytes}-byte message payload quota of WebSocket APIs.`);
    }
    // API Gateway sends posted data as a text frame; bytes that are not UTF-8 go as a binary frame.
    const text = body.toString('utf8');
    const binary = !Buffer.from(text, 'utf8').equals(body);
    connection.socket.send(binary ? body : text, { binary });
    connection.lastActiveAt = now;
    connection.touch();
    return { status: 200, headers: {}, body: '' };
  }
}

/** `/{stage}/@connections/{id}` or `/@connections/{id}` (the @ may be written %40) -> the stage (if any) and the id. */
export function parseConnectionsPath(pathname: string): { stage?: string; connectionId: string } | undefined {
  let parts: string[];
  try {
    parts = pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const at = parts.indexOf('@connections');
  if (at < 0 || at > 1 || parts.length !== at + 2 || parts[at + 1] === '') return undefined;
  return at === 1 ? { stage: parts[0]!, connectionId: parts[at + 1]! } : { connectionId: parts[at + 1]! };
}
