// Reaching an origin: a custom origin is a loopback HTTP server; an S3 origin is a local folder
// answered as S3 answers a GET (Content-Type from the name, ETag, Last-Modified, 404 NoSuchKey).
// The origin an origin-request function chose is found among the distribution's origins by
// domain name, or, for a custom origin, on loopback at the port it names.

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { DistributionConfig, OriginConfig } from './distribution-config.ts';
import { fromRawHeaders, isDisallowedHeader, toHeaderPairs, type EdgeHeaders } from './edge-headers.ts';
import type { EdgeOrigin, EdgeRequest, EdgeResponse } from './edge-events.ts';

/** The origin could not be reached (502) or did not answer in time (504). */
export class OriginError extends Error {
  readonly status: 502 | 504;

  constructor(status: 502 | 504, message: string) {
    super(message);
    this.status = status;
  }
}

/** The event's origin object for a configured origin. Source: lambda-event-structure.html (origin). */
export function eventOrigin(origin: OriginConfig, region: string): EdgeOrigin {
  const customHeaders: EdgeHeaders = Object.fromEntries(Object.entries(origin.customHeaders).map(([k, v]) => [k.toLowerCase(), [{ key: k, value: v }]]));
  if (origin.type === 's3') return { s3: { authMethod: 'none', customHeaders, domainName: origin.domainName, path: origin.path, region } };
  return {
    custom: {
      customHeaders,
      domainName: origin.domainName,
      keepaliveTimeout: origin.keepaliveTimeout,
      path: origin.path,
      port: origin.port,
      protocol: origin.protocol,
      readTimeout: origin.readTimeout,
      sslProtocols: ['TLSv1.2'],
    },
  };
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html', '.htm': 'text/html', '.css': 'text/css', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json',
  '.txt': 'text/plain', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.ico': 'image/x-icon', '.xml': 'application/xml', '.pdf': 'application/pdf', '.woff2': 'font/woff2',
};

function s3Error(status: number, code: string, message: string): EdgeResponse {
  const body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
  return { status, statusDescription: code, headers: { 'content-type': [{ key: 'Content-Type', value: 'application/xml' }], server: [{ key: 'Server', value: 'AmazonS3' }] }, body };
}

async function fromFolder(folder: string, key: string): Promise<EdgeResponse> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(key);
  } catch {
    return s3Error(400, 'InvalidURI', 'Couldn\'t parse the specified URI.');
  }
  const path = normalize(join(folder, decoded));
  if (path !== folder && !path.startsWith(folder.endsWith(sep) ? folder : folder + sep)) return s3Error(403, 'AccessDenied', 'Access Denied');
  try {
    const info = await stat(path);
    if (!info.isFile()) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    const body = await readFile(path);
    return {
      status: 200,
      statusDescription: 'OK',
      headers: {
        'content-type': [{ key: 'Content-Type', value: contentTypes[extname(path).toLowerCase()] ?? 'binary/octet-stream' }],
        'content-length': [{ key: 'Content-Length', value: String(body.length) }],
        etag: [{ key: 'ETag', value: `"${createHash('md5').update(body).digest('hex')}"` }],
        'last-modified': [{ key: 'Last-Modified', value: info.mtime.toUTCString() }],
        server: [{ key: 'Server', value: 'AmazonS3' }],
      },
      body,
    };
  } catch {
    return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
  }
}

function fromUrl(base: string, request: EdgeRequest, readTimeoutSeconds: number, body: Buffer | undefined, agent: Agent | undefined): Promise<EdgeResponse> {
  const target = new URL(request.uri + (request.querystring ? `?${request.querystring}` : ''), `${base}/`);
  const headers = toHeaderPairs(request.headers).filter(([k]) => !isDisallowedHeader(k) || k.toLowerCase() === 'x-forwarded-proto');
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: target.hostname, port: target.port, path: `${new URL(base).pathname.replace(/\/$/, '')}${target.pathname}${target.search}`, method: request.method, headers: headers.flat() as unknown as Record<string, string>, timeout: readTimeoutSeconds * 1000, ...(agent ? { agent } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const responseHeaders = fromRawHeaders(res.rawHeaders);
          delete responseHeaders['transfer-encoding'];
          resolve({ status: res.statusCode ?? 502, statusDescription: res.statusMessage ?? '', headers: responseHeaders, body: Buffer.concat(chunks) });
        });
        res.on('error', (e) => reject(new OriginError(502, e.message)));
      },
    );
    req.on('timeout', () => req.destroy(new OriginError(504, `the origin did not answer within its read timeout of ${readTimeoutSeconds} s`)));
    req.on('error', (e) => reject(e instanceof OriginError ? e : new OriginError(502, `CloudFront wasn't able to connect to the origin ${base} (${(e as NodeJS.ErrnoException).code ?? e.message}).`)));
    req.end(body);
  });
}

/** Where the request goes: the configured origin the function kept or chose, or a loopback port it named. */
function localTarget(config: DistributionConfig, origin: EdgeOrigin): { base?: string; folder?: string; path: string; readTimeout: number } {
  const origins = [...config.origins.values()];
  if ('custom' in origin) {
    const c = origin.custom;
    // The configured origin when the function kept its name and port; another port of this machine otherwise.
    const configured = origins.find((o) => o.type === 'custom' && o.domainName === c.domainName.toLowerCase() && o.port === c.port);
    if (configured) return configured.local.kind === 'folder' ? { folder: configured.local.folder, path: c.path, readTimeout: c.readTimeout } : { base: configured.local.url, path: c.path, readTimeout: c.readTimeout };
    if (['localhost', '127.0.0.1'].includes(c.domainName)) return { base: `http://127.0.0.1:${c.port}`, path: c.path, readTimeout: c.readTimeout };
    throw new OriginError(502, `the origin ${c.domainName}:${c.port} is neither an origin of this distribution nor on this machine: a local distribution reaches only its own origins and localhost.`);
  }
  const configured = origins.find((o) => o.domainName === origin.s3.domainName.toLowerCase());
  if (!configured) throw new OriginError(502, `the S3 origin ${origin.s3.domainName} is not an origin of this distribution: a local distribution serves only the buckets it names under Metadata LambdaDojo LocalOrigins.`);
  return configured.local.kind === 'folder' ? { folder: configured.local.folder, path: origin.s3.path, readTimeout: configured.readTimeout } : { base: configured.local.url, path: origin.s3.path, readTimeout: configured.readTimeout };
}

/** Connections to origins, kept alive between requests as CloudFront keeps them (the origin's keepaliveTimeout). */
export function originAgent(): Agent {
  return new Agent({ keepAlive: true, keepAliveMsecs: 5000 });
}

/** Sends the origin request; the body is what the function replaced, or the viewer's own. */
export async function fetchOrigin(config: DistributionConfig, request: EdgeRequest, viewerBody: Buffer | undefined, agent?: Agent): Promise<EdgeResponse> {
  const target = localTarget(config, request.origin!);
  const body = request.body?.action === 'replace' ? Buffer.from(request.body.data, request.body.encoding === 'base64' ? 'base64' : 'utf8') : viewerBody;
  const uri = `${target.path}${request.uri}`;
  if (target.folder !== undefined) {
    if (request.method !== 'GET' && request.method !== 'HEAD') return s3Error(405, 'MethodNotAllowed', `The specified method is not allowed against this resource (${request.method}).`);
    return fromFolder(target.folder, uri.slice(1));
  }
  return fromUrl(target.base!, { ...request, uri }, target.readTimeout, body, agent);
}
