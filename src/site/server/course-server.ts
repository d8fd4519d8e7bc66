// The one local server of the course (`npm start`): the built site and the lab API on a single
// loopback origin. The loopback module refuses other Hosts and foreign Origins and bounds the
// bodies; the session guard asks every API call for this start's token. Code runs only in the
// embedded Lambda service, with all its limits.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLoopback, type LoopbackListener, type RequestContext } from '../../runtime/http/loopback.ts';
import { limits } from '../../runtime/limits.ts';
import { EmbeddedLabTarget } from '../../grader/embedded-target.ts';
import { CourseSession } from '../../grader/course-session.ts';
import { ApiRequestError, CourseApi, type Send } from './course-api.ts';
import { CourseEvents } from './course-events.ts';
import { SessionGuard } from './session-guard.ts';
import { serveSiteFile } from './static-site.ts';

export interface CourseServerOptions {
  projectRoot: string;
  siteFolder: string;
  labsFolder: string;
  workspaceFolder: string;
  port?: number;
  /** A fixed token (tests); by default a new random one per start. */
  token?: string;
}

export interface CourseServer {
  port: number;
  /** http://127.0.0.1:port */
  url: string;
  /** The address to open once: it hands the token to the browser. */
  openUrl: string;
  token: string;
  close(): Promise<void>;
}

/** Headers on every answer: no framing by other pages, no sniffing, and no CORS headers at all. */
const baseHeaders = { 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };

/** An invoke's event may be as large as Lambda's synchronous payload quota; a file no larger. */
const maxBodyBytes = limits.syncPayload.max + 64 * 1024;

export async function startCourseServer(options: CourseServerOptions): Promise<CourseServer> {
  const session = await CourseSession.open(options.labsFolder, options.workspaceFolder);
  // The embedded runtime with its local endpoint, which checks that call AWS APIs (lab 8's KMS) use.
  const target = await EmbeddedLabTarget.start();
  const api = new CourseApi(session, target, options.projectRoot);
  const events = new CourseEvents(options.workspaceFolder);
  api.onOpen = (slug, language, folder) => events.track(slug, language, folder);
  let guard: SessionGuard | undefined;

  const listener: LoopbackListener = await listenLoopback({
    name: 'The course server',
    maxBodyBytes,
    ...(options.port !== undefined ? { port: options.port } : {}),
    allowedOrigins: () => guard?.ownOrigins() ?? [],
    noTimeouts: true,
    handle: (req, res, context) => route(req, res, context),
  });
  guard = new SessionGuard(listener.port, options.token);
  events.start();

  async function route(req: IncomingMessage, res: ServerResponse, context: RequestContext): Promise<void> {
    const url = new URL(req.url ?? '/', listener.url);
    if (!url.pathname.startsWith('/api/')) return page(req, res, url);
    const changesState = req.method !== 'GET' || url.pathname === '/api/events';
    const refusal = guard!.check(req, changesState);
    if (refusal) {
      req.resume();
      return context.error(refusal.status, refusal.type, refusal.message);
    }
    try {
      await apiCall(req, res, context, url);
    } catch (error) {
      if (error instanceof ApiRequestError) return context.error(400, 'BadRequest', error.message);
      throw error;
    }
  }

  /** Site pages: GET only; an address carrying the token trades it for the cookie, then drops it from the URL. */
  async function page(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', ...baseHeaders }).end();
      return;
    }
    const token = url.searchParams.get('token');
    if (token !== null && guard!.matches(token)) {
      url.searchParams.delete('token');
      res.writeHead(302, { Location: url.pathname + url.search, 'Set-Cookie': guard!.cookie(), 'Cache-Control': 'no-store', ...baseHeaders }).end();
      return;
    }
    await serveSiteFile(options.siteFolder, url.pathname, res, baseHeaders);
  }

  async function readJson(req: IncomingMessage, context: RequestContext): Promise<Record<string, unknown> | undefined> {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      req.resume();
      context.error(415, 'UnsupportedMediaType', `The course server takes JSON bodies only (Content-Type: application/json), not ${JSON.stringify(type || 'none')}.`);
      return undefined;
    }
    const body = await context.body();
    if (!body) return undefined;
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8') || '{}');
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // answered below
    }
    context.error(400, 'BadRequest', 'The body must be a JSON object, such as {"language": "nodejs"}.');
    return undefined;
  }

  /** Long work answers as it goes: one JSON object per line (progress, checks, logs, then "done"). */
  async function streamed(res: ServerResponse, work: (send: Send) => Promise<void>): Promise<void> {
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store', ...baseHeaders });
    const send: Send = (message) => res.write(`${JSON.stringify(message)}\n`);
    try {
      await work(send);
    } catch (error) {
      send({ type: 'error', text: error instanceof ApiRequestError ? error.message : `The course server failed: ${(error as Error).message}` });
    }
    res.end();
  }

  async function apiCall(req: IncomingMessage, res: ServerResponse, context: RequestContext, url: URL): Promise<void> {
    const json = (body: object) => context.json(200, body, { 'Cache-Control': 'no-store', ...baseHeaders });
    if (req.method === 'GET' && url.pathname === '/api/course') return json(api.course());
    if (req.method === 'GET' && url.pathname === '/api/events') return events.subscribe(res);
    const match = /^\/api\/labs\/(\d+)(?:\/(open|files|run|grade|hint|reset|solution))?$/.exec(url.pathname);
    if (!match) return context.error(404, 'NotFound', `The course server has no ${req.method} ${url.pathname}.`);
    const entry = api.lab(match[1]);
    const action = match[2];
    if (!action) {
      if (req.method !== 'GET') return context.error(405, 'MethodNotAllowed', `${url.pathname} answers GET only.`);
      return json({ lab: entry.number, language: api.defaultLanguage(entry), languages: entry.lab.languages });
    }
    if (req.method !== 'POST') return context.error(405, 'MethodNotAllowed', `${url.pathname} answers POST only, with a JSON body.`);
    const body = await readJson(req, context);
    if (!body) return;
    const language = api.language(entry, body.language);
    switch (action) {
      case 'open':
        return json(api.open(entry, language));
      case 'files':
        return json(api.save(entry, language, body.file, body.text));
      case 'hint':
        return json(api.hint(entry, language));
      case 'reset':
        return json(api.reset(entry, language));
      case 'solution':
        return json(api.solution(entry, language));
      case 'grade':
        return streamed(res, (send) => api.grade(entry, language, send));
      case 'run': {
        const event = body.event;
        return streamed(res, (send) => api.run(entry, language, event, send));
      }
    }
  }

  return {
    port: listener.port,
    url: listener.url,
    openUrl: `${listener.url}/?token=${guard.token}`,
    token: guard.token,
    close: async () => {
      events.close();
      await listener.close();
      await target.close();
    },
  };
}
