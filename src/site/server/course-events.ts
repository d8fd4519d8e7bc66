// What an open page learns without asking (Server-Sent Events): a file of the workspace that
// changed on disk (the learner saved it in their own editor), and progress that changed (a
// grade run in the terminal wrote workspace/progress.json). One watcher on workspace/ serves
// every open page.

import { existsSync, mkdirSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join, sep } from 'node:path';

export type CourseEvent =
  | { type: 'file'; slug: string; language: string; file: string; text: string }
  | { type: 'progress' };

/** Files larger than this are not pushed (a learner's build output, not code they edit). */
const maxPushedBytes = 256 * 1024;

export class CourseEvents {
  private readonly clients = new Set<ServerResponse>();
  private watcher?: FSWatcher;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly workspace: string;

  constructor(workspace: string) {
    this.workspace = workspace;
  }

  /** Starts watching workspace/ (made if missing: the first lab creates it anyway). */
  start(): void {
    mkdirSync(this.workspace, { recursive: true });
    this.watcher = watch(this.workspace, { recursive: true }, (_kind, name) => name && this.changed(String(name)));
    this.watcher.on('error', () => undefined);
  }

  /** Holds an SSE response open; a comment every 25 s keeps proxies and the browser from giving up. */
  subscribe(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.write('retry: 2000\n\n');
    this.clients.add(res);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    res.on('close', () => {
      clearInterval(keepAlive);
      this.clients.delete(res);
    });
  }

  send(event: CourseEvent): void {
    const frame = `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
    for (const client of this.clients) client.write(frame);
  }

  /** An editor writes a file as several events (truncate, write, rename): send it once, settled. */
  private changed(name: string): void {
    clearTimeout(this.pending.get(name));
    this.pending.set(
      name,
      setTimeout(() => {
        this.pending.delete(name);
        this.announce(name);
      }, 60),
    );
  }

  private announce(name: string): void {
    if (name === 'progress.json') return this.send({ type: 'progress' });
    const parts = name.split(sep);
    // workspace/NN-slug/<language>/<file...>; backups and hidden files are not the learner's code.
    if (parts.length < 3 || parts[0]!.startsWith('.') || !/^\d\d-/.test(parts[0]!)) return;
    if (parts.some((p) => p.startsWith('.') || p === 'target' || p === 'bin' || p === 'obj' || p === 'node_modules')) return;
    const path = join(this.workspace, name);
    if (!existsSync(path)) return;
    const info = statSync(path);
    if (!info.isFile() || info.size > maxPushedBytes) return;
    this.send({ type: 'file', slug: parts[0]!, language: parts[1]!, file: parts.slice(2).join('/'), text: readFileSync(path, 'utf8') });
  }

  close(): void {
    this.watcher?.close();
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
