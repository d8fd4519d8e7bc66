// What an open page learns without asking (Server-Sent Events): a file of the lab it shows that
// changed on disk (the learner saved it in their own editor, or ran --reset), and progress that
// changed (a grade run in the terminal wrote workspace/progress.json). The folders are polled
// twice a second rather than watched: fs.watch misses files in folders made after it started
// and follows a folder renamed away by a reset; a few stat calls cost nothing.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join, relative, sep } from 'node:path';

export type CourseEvent =
  | { type: 'file'; slug: string; language: string; file: string; text: string }
  | { type: 'progress' };

/** Files larger than this are not pushed (a learner's build output, not code they edit). */
const maxPushedBytes = 256 * 1024;
const skipped = new Set(['target', 'bin', 'obj', 'node_modules']);

/** Each file of a folder with its size and modification time, build output left out. */
function snapshot(folder: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || skipped.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const info = statSync(path);
        found.set(relative(folder, path).split(sep).join('/'), `${info.size}:${info.mtimeMs}`);
      }
    }
  };
  if (existsSync(folder)) walk(folder);
  return found;
}

const stamp = (file: string) => (existsSync(file) ? String(statSync(file).mtimeMs) : '');

interface Tracked {
  slug: string;
  language: string;
  folder: string;
  files: Map<string, string>;
}

export class CourseEvents {
  private readonly clients = new Set<ServerResponse>();
  private readonly tracked = new Map<string, Tracked>();
  private readonly progressFile: string;
  private progressStamp: string;
  private timer?: NodeJS.Timeout;

  constructor(workspace: string) {
    this.progressFile = join(workspace, 'progress.json');
    this.progressStamp = stamp(this.progressFile);
  }

  start(): void {
    this.timer = setInterval(() => this.poll(), 500);
    this.timer.unref();
  }

  /** Watches a lab's code folder from now on (a page opened it). */
  track(slug: string, language: string, folder: string): void {
    const key = `${slug}/${language}`;
    if (!this.tracked.has(key)) this.tracked.set(key, { slug, language, folder, files: snapshot(folder) });
  }

  /** Holds an SSE response open; a comment every 25 s keeps the connection from being dropped as idle. */
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

  private poll(): void {
    try {
      this.pollOnce();
    } catch {
      // A folder in the middle of a reset (renamed away, not yet copied back): the next poll sees it whole.
    }
  }

  private pollOnce(): void {
    const progress = stamp(this.progressFile);
    if (progress !== this.progressStamp) {
      this.progressStamp = progress;
      this.send({ type: 'progress' });
    }
    for (const lab of this.tracked.values()) {
      const now = snapshot(lab.folder);
      for (const [file, version] of now) {
        if (lab.files.get(file) === version) continue;
        const path = join(lab.folder, file);
        if (statSync(path).size <= maxPushedBytes) this.send({ type: 'file', slug: lab.slug, language: lab.language, file, text: readFileSync(path, 'utf8') });
      }
      lab.files = now;
    }
  }

  close(): void {
    clearInterval(this.timer);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
