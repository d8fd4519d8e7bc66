// WebSocket APIs from a template, driven by real WebSocket clients (ws) on real sockets: $connect
// with its REQUEST authorizer and integration, routes by the selection expression, $disconnect,
// and the @connections callback API from the official ApiGatewayManagementApi client and from a
// function's own SDK (boto3). The functions keep what they saw in the template's table.

import { ApiGatewayManagementApiClient, DeleteConnectionCommand, GetConnectionCommand, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { Agent as HttpsAgent } from 'node:https';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { installedRuntimeSdk, runtimeSdkFor } from '../../../src/runtime/runtimes/runtime-sdks.ts';
import { localCertificate } from '../../../src/triggers/websocket/local-certificate.ts';
import { anyCredentials } from '../../support/endpoint.ts';
import { requireEverything } from '../../support/requirements.ts';
import { useStartedTemplate } from '../../support/started-template.ts';
import { chatTemplate } from './chat-template.ts';

const started = useStartedTemplate({ 'template.yaml': chatTemplate });
const url = (api: 'ChatApi' | 'BareApi') => started().parts.outputs.websockets![api] as string;
const callbackUrl = () => url('ChatApi').replace(/^ws:/, 'http:');
const table = () => (started().parts.outputs.tables!.Connections as { name: string }).name;
const ddb = () => new DynamoDBClient({ endpoint: started().endpoint.url, region: 'us-east-1', credentials: anyCredentials });
const management = (endpoint: string) => new ApiGatewayManagementApiClient({ endpoint, region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 });

interface Opened {
  ws: WebSocket;
  /** The next message, as text. */
  next(): Promise<string>;
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a client; resolves with it once open, or with the HTTP status that refused the upgrade. */
function connect(target: string, headers: Record<string, string> = { Auth: 'allow' }, protocols: string[] = []): Promise<Opened | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(target, protocols, { headers });
    const queue: string[] = [];
    const waiting: Array<(m: string) => void> = [];
    ws.on('message', (data) => {
      const text = data.toString();
      const waiter = waiting.shift();
      if (waiter) waiter(text);
      else queue.push(text);
    });
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
    ws.on('open', () => resolve({ ws, closed, next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((r) => waiting.push(r))) }));
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', (error) => reject(error));
  });
}

async function opened(target: string, headers?: Record<string, string>, protocols?: string[]): Promise<Opened> {
  const client = await connect(target, headers, protocols);
  if (typeof client === 'number') throw new Error(`the upgrade was refused with ${client}`);
  return client;
}

async function record(connectionId: string, state: string): Promise<Record<string, string>> {
  for (let i = 0; i < 100; i++) {
    const { Item } = await ddb().send(new GetItemCommand({ TableName: table(), Key: { connectionId: { S: `${state}#${connectionId}` } } }));
    if (Item) return Object.fromEntries(Object.entries(Item).map(([k, v]) => [k, v.S ?? v.N ?? '']));
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${state} record for ${connectionId}`);
}

/** The connection id, asked of the two-way $default route. */
async function whoAmI(client: Opened): Promise<Record<string, unknown>> {
  client.ws.send(JSON.stringify({ action: 'whoami' }));
  return JSON.parse(await client.next()) as Record<string, unknown>;
}

describe('$connect with a REQUEST authorizer', () => {
  it('opens the connection when the authorizer allows, and $connect sees CONNECT with the authorizer context as strings', async () => {
    const client = await opened(`${url('ChatApi')}?room=blue`, { Auth: 'allow' }, ['chat']);
    expect(client.ws.protocol).toBe('chat');
    const me = await whoAmI(client);
    const connected = await record(String(me.connectionId), 'connected');
    expect(connected).toMatchObject({ eventType: 'CONNECT', routeKey: '$connect', principal: 'ada', role: 'admin', level: 'string:3', room: 'blue', stage: 'prod' });
    expect(connected.domainName).toBe(new URL(url('ChatApi')).host);
    client.ws.close();
  });

  it('refuses the upgrade: 401 for a missing identity source (authorizer not called) or "Unauthorized", 403 for a Deny, 500 for a failing authorizer', async () => {
    expect(await connect(url('ChatApi'), {})).toBe(401);
    expect(started().lines.some((l) => l.includes('$connect 401') && l.includes('without calling the authorizer'))).toBe(true);
    expect(await connect(url('ChatApi'), { Auth: 'unauthorized' })).toBe(401);
    expect(await connect(url('ChatApi'), { Auth: 'deny' })).toBe(403);
    expect(started().lines.some((l) => l.includes('$connect 403') && l.includes('explicit deny'))).toBe(true);
    expect(await connect(url('ChatApi'), { Auth: 'crash' })).toBe(500);
  });

  it("refuses the upgrade with the $connect integration's own status, and a path that is no stage with 403", async () => {
    expect(await connect(`${url('ChatApi')}?reject=1`)).toBe(400);
    expect(await connect(url('ChatApi').replace(/\/prod$/, '/nostage'))).toBe(403);
  });
});

describe('messages', () => {
  it('go to the route the selection expression picks, else $default, whose answer comes back (two-way)', async () => {
    const client = await opened(url('ChatApi'));
    client.ws.send('not json');
    expect(JSON.parse(await client.next())).toMatchObject({ route: '$default', eventType: 'MESSAGE', body: 'not json', principal: 'ada', stage: 'prod' });
    client.ws.send(JSON.stringify({ action: 'nothing-here', n: 1 }));
    expect(JSON.parse(await client.next())).toMatchObject({ route: '$default', body: '{"action":"nothing-here","n":1}' });
    client.ws.close();
  });

  it('without a matching route or $default, the client gets {"message": "Forbidden"} with its connection id', async () => {
    const client = await opened(url('BareApi'), {});
    client.ws.send(JSON.stringify({ action: 'nope' }));
    const answer = JSON.parse(await client.next()) as Record<string, string>;
    expect(answer.message).toBe('Forbidden');
    expect(answer.connectionId).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    client.ws.send(JSON.stringify({ action: 'ping' }));
    client.ws.send(JSON.stringify({ action: 'nope' }));
    // ping has no integration: nothing comes back for it, so the next frame answers the second nope.
    expect(JSON.parse(await client.next())).toMatchObject({ message: 'Forbidden' });
    client.ws.close();
  });

  it('a message over 128 KB closes the connection with 1009', async () => {
    const client = await opened(url('ChatApi'));
    client.ws.send('x'.repeat(128 * 1024 + 1));
    expect((await client.closed).code).toBe(1009);
  });

  it('an idle connection is closed after 10 minutes of the stack clock', async () => {
    const client = await opened(url('ChatApi'));
    await whoAmI(client);
    started().parts.clock.advance(10 * 60 * 1000 + 1);
    expect((await client.closed).code).toBe(1001);
  });
});

describe('@connections', () => {
  it('posts to, describes and deletes a connection through the official client at the callback URL; then it is GoneException 410', async () => {
    const client = await opened(url('ChatApi'));
    const { connectionId } = (await whoAmI(client)) as { connectionId: string };
    const api = management(callbackUrl());
    await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('hello from the backend') }));
    expect(await client.next()).toBe('hello from the backend');
    const info = await api.send(new GetConnectionCommand({ ConnectionId: connectionId }));
    expect(info.Identity?.SourceIp).toBe('127.0.0.1');
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    await api.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    expect((await client.closed).code).toBe(1000);
    const gone = await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('late') })).catch((e: Error & { $metadata: { httpStatusCode: number } }) => e);
    expect(gone).toMatchObject({ name: 'GoneException', $metadata: { httpStatusCode: 410 } });
    const disconnected = await record(connectionId, 'disconnected');
    expect(disconnected).toMatchObject({ eventType: 'DISCONNECT', routeKey: '$disconnect', code: '1000' });
  });

  it('is served on the endpoint too, and $disconnect gets the close code the client sent', async () => {
    const client = await opened(url('ChatApi'));
    const { connectionId } = (await whoAmI(client)) as { connectionId: string };
    await management(started().endpoint.url).send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('via the endpoint') }));
    expect(await client.next()).toBe('via the endpoint');
    client.ws.close(4000, 'bye');
    expect(await record(connectionId, 'disconnected')).toMatchObject({ code: '4000', reason: 'bye' });
  });

  it('answers TLS on the same port with the local certificate: wss:// connects, and the official client posts at https://domainName/stage', async () => {
    const { cert } = localCertificate();
    const secure = await new Promise<Opened>((resolve, reject) => {
      const ws = new WebSocket(url('ChatApi').replace(/^ws:/, 'wss:'), { headers: { Auth: 'allow' }, ca: cert });
      const next = () => new Promise<string>((r) => ws.once('message', (d) => r(d.toString())));
      ws.once('open', () => resolve({ ws, next, closed: new Promise(() => {}) }));
      ws.once('error', reject);
    });
    const { connectionId } = (await whoAmI(secure)) as { connectionId: string };
    const client = new ApiGatewayManagementApiClient({
      endpoint: callbackUrl().replace(/^http:/, 'https:'),
      region: 'us-east-1',
      credentials: anyCredentials,
      requestHandler: { httpsAgent: new HttpsAgent({ ca: cert }) },
    });
    const waiting = secure.next();
    await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('over tls') }));
    expect(await waiting).toBe('over tls');
    secure.ws.close();
  });

  it("a Node.js function's own fetch posts to its client at https://domainName/stage, trusting the local certificate through NODE_EXTRA_CA_CERTS", async () => {
    const client = await opened(url('ChatApi'));
    client.ws.send(JSON.stringify({ action: 'nodesend', data: 'hi' }));
    expect(JSON.parse(await client.next())).toEqual({ node: 'hi' });
    client.ws.close();
  });

  const boto3 = runtimeSdkFor('python')!;
  it.runIf(requireEverything || Boolean(installedRuntimeSdk(boto3)))("a function's boto3 posts to its own client at https://domainName/stage, as AWS's samples build the callback URL (AWS_CA_BUNDLE)", async () => {
    const client = await opened(url('ChatApi'));
    client.ws.send(JSON.stringify({ action: 'send', data: 'ping' }));
    expect(JSON.parse(await client.next())).toEqual({ echo: 'ping' });
    client.ws.close();
  });
});
