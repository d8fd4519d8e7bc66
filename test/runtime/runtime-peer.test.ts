// Each environment's Runtime API answers only its own runtime: the client of every connection
// is looked up (its socket's inode in the kernel's TCP table, held by one of the environment's
// processes); any other process on the machine that finds the port gets 403, and the
// invocation in progress goes on untouched. AWS's own runtime clients need nothing for this
// (test/conformance/runtime-clients.test.ts runs them).

import { request } from 'node:http';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientSocketInode, heldBy } from '../../src/runtime/environments/runtime-peer.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { deploy, json, useService } from '../support/service.ts';

function send(address: string, method: string, path: string) {
  const [host, port] = address.split(':');
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host, port, method, path, headers: { 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

describe.runIf(process.platform === 'linux')('the client of a loopback connection, from the kernel\'s TCP table', () => {
  let server: ReturnType<typeof createServer>;
  const accepted: Socket[] = [];
  beforeAll(async () => {
    server = createServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => {
    for (const socket of accepted) socket.destroy();
    server.close();
  });

  it('is recognised as the process holding its socket, and as no other', async () => {
    const { port } = server.address() as AddressInfo;
    const client = await new Promise<Socket>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket));
    });
    await new Promise((r) => setTimeout(r, 50));
    const serverSide = accepted.at(-1)!;
    const inode = clientSocketInode(serverSide.remotePort!, serverSide.localPort!);
    expect(inode).toBeGreaterThan(0);
    expect(heldBy([process.pid], inode!)).toBe(true);
    expect(heldBy([process.ppid], inode!)).toBe(false);
    client.destroy();
  });
});

describe.runIf(process.platform === 'linux')('a Runtime API', () => {
  const service = useService();
  const python = runtimesUnderTest.find((r) => r.family === 'python')!.runtime;

  it('refuses another process that finds its port with 403, and the invocation in progress is untouched', async () => {
    const name = await deploy(service(), python, 'python', 'escape.handler');
    const address = json((await service().invoke({ FunctionName: name, Payload: { kind: 'address' } })).Payload).runtimeApi as string;
    const running = service().invoke({ FunctionName: name, Payload: { kind: 'wait', seconds: 1 } });
    await new Promise((r) => setTimeout(r, 200));
    // This test process is not part of the environment: it may not take the event, nor answer for the function.
    const next = await send(address, 'GET', '/2018-06-01/runtime/invocation/next');
    expect(next.status).toBe(403);
    expect(json(next.body)).toMatchObject({ errorType: 'Forbidden' });
    expect((await send(address, 'POST', '/2018-06-01/runtime/init/error')).status).toBe(403);
    const out = await running;
    expect(out.FunctionError).toBeUndefined();
    expect(json(out.Payload)).toEqual({ kind: 'wait' });
    expect(out.Report.coldStart).toBe(false);
  });
});
