// Who may use the course server's API: only the page it served, in the browser that opened the
// address `npm start` printed. As Jupyter does, each start makes a secret token and puts it in
// that address once; the server trades it for an HttpOnly, SameSite=Strict cookie and sends the
// browser on to the same page without it. Then every API request needs the token (the cookie,
// or an Authorization header for scripts), and a request that changes state, or opens the event
// stream, must come from the server's own origin exactly. Nothing answers with CORS headers.
// Why both: cookies ignore ports, so any page on another 127.0.0.1 port would send the cookie
// along; the Origin check refuses it. Another local user's tab has neither token nor cookie.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface GuardRefusal {
  status: number;
  type: string;
  message: string;
}

export class SessionGuard {
  readonly token: string;
  readonly cookieName: string;
  private readonly port: number;

  constructor(port: number, token = randomBytes(24).toString('base64url')) {
    this.port = port;
    this.token = token;
    // Cookies are shared by every port of a host: the port in the name keeps two courses apart.
    this.cookieName = `lambda-dojo-${port}`;
  }

  /** The origins this server is reached at (the Host allowlist's names, with this port). */
  ownOrigins(): string[] {
    return ['127.0.0.1', 'localhost', '[::1]'].map((host) => `http://${host}:${this.port}`);
  }

  matches(candidate: string | undefined): boolean {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** The Set-Cookie header that keeps the token for this browser's session. */
  cookie(): string {
    return `${this.cookieName}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
  }

  private fromCookie(req: IncomingMessage): string | undefined {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [name, ...value] = part.trim().split('=');
      if (name === this.cookieName) return value.join('=');
    }
    return undefined;
  }

  private fromHeader(req: IncomingMessage): string | undefined {
    return /^(?:Bearer|token) (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  }

  /**
   * Undefined when the request may go on; else why not. `changesState` is true for POSTs and
   * for the event stream.
   */
  check(req: IncomingMessage, changesState: boolean): GuardRefusal | undefined {
    const headerToken = this.fromHeader(req);
    const viaHeader = this.matches(headerToken);
    const viaCookie = !viaHeader && this.matches(this.fromCookie(req));
    if (!viaHeader && !viaCookie) {
      return {
        status: 401,
        type: 'Unauthorized',
        message: 'The course server needs this session\'s token. Open the address npm start printed (it ends in ?token=...); scripts send it as "Authorization: Bearer <token>".',
      };
    }
    if (!changesState) return undefined;
    // The Host was already checked to be loopback with this port; the page's origin must name it exactly.
    const own = `http://${req.headers.host ?? ''}`;
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    if (origin !== undefined && origin !== own) return { status: 403, type: 'Forbidden', message: `Requests from ${origin} may not use the course server at ${own}.` };
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return { status: 403, type: 'Forbidden', message: `Requests from another site (Sec-Fetch-Site: ${site}) may not use the course server.` };
    // A browser always sends Origin on a POST; only a script holding the token in a header may leave it out.
    if (origin === undefined && viaCookie && req.method !== 'GET') return { status: 403, type: 'Forbidden', message: 'A request that changes the course must say where it comes from (an Origin header).' };
    return undefined;
  }
}
