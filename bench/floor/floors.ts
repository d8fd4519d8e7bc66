// The floors a warm invoke is compared with, each a real second process: a minimal Runtime API
// loop (bench/floor/loop.mjs, loop.py) served by the smallest server that can drive it, and an
// HTTP echo server for one plain loopback round trip.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('./', import.meta.url));
const base = '/2018-06-01/runtime/invocation/';

/** A runtime loop in a child process and the host side of its Runtime API: no freezing, no memory watch, no logs. */
export class RuntimeApiFloor {
  private server: Server;
  private child: ChildProcess | undefined;
  private parked: ServerResponse | undefined;
  private queued: { id: string; payload: string } | undefined;
  private pending = new Map<string, (body: string) => void>();
  private counter = 0;

  private constructor(server: Server) {
    this.server = server;
  }

  /** Starts the server and the loop (`nodejs` on this Node, `python` on the given interpreter) and waits for its first /next. */
  static async start(language: 'nodejs' | 'python', command: string): Promise<RuntimeApiFloor> {
    const floor = new RuntimeApiFloor(createServer((req, res) => floor.route(req, res)));
    floor.server.listen(0, '127.0.0.1');
    await once(floor.server, 'listening');
    const { port } = floor.server.address() as AddressInfo;
    const script = language === 'nodejs' ? `${here}loop.mjs` : `${here}loop.py`;
    floor.child = spawn(command, language === 'python' ? ['-u', '-B', script] : [script], { env: { ...process.env, AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}` }, stdio: ['ignore', 'inherit', 'inherit'] });
    while (!floor.parked) await new Promise((r) => setTimeout(r, 5));
    return floor;
  }

  get pid(): number {
    return this.child!.pid!;
  }

  /** One event through the loop; resolves with the runtime's response. */
  invoke(payload: string): Promise<string> {
    const id = String(++this.counter);
    const answered = new Promise<string>((resolve) => this.pending.set(id, resolve));
    const parked = this.parked;
    if (parked) {
      this.parked = undefined;
      this.send(parked, id, payload);
    } else this.queued = { id, payload };
    return answered;
  }

  private send(res: ServerResponse, id: string, payload: string): void {
    res.writeHead(200, { 'content-type': 'application/json', 'lambda-runtime-aws-request-id': id, 'lambda-runtime-deadline-ms': String(Date.now() + 3000) });
    res.end(payload);
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '';
    if (req.method === 'GET' && path === `${base}next`) {
      const queued = this.queued;
      this.queued = undefined;
      if (queued) this.send(res, queued.id, queued.payload);
      else this.parked = res;
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(202).end();
      const id = path.slice(base.length, path.lastIndexOf('/response'));
      const resolve = this.pending.get(id);
      this.pending.delete(id);
      resolve?.(Buffer.concat(chunks).toString('utf8'));
    });
  }

  async close(): Promise<void> {
    this.child?.kill('SIGKILL');
    this.parked?.destroy();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

/** An HTTP echo server in a child process, and a kept-alive client to it in this one. */
export class HttpFloor {
  private readonly child: ChildProcess;
  private readonly port: number;
  private readonly agent: Agent;

  private constructor(child: ChildProcess, port: number, agent: Agent) {
    this.child = child;
    this.port = port;
    this.agent = agent;
  }

  static async start(): Promise<HttpFloor> {
    const child = spawn(process.execPath, [`${here}echo-server.mjs`], { stdio: ['pipe', 'pipe', 'inherit'] });
    const [data] = (await once(child.stdout!, 'data')) as [Buffer];
    return new HttpFloor(child, Number(data.toString().trim()), new Agent({ keepAlive: true, maxSockets: 1 }));
  }

  roundTrip(body: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: this.port, method: 'POST', path: '/', agent: this.agent }, (res: IncomingMessage) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
    this.child.stdin!.end();
  }
}
