// One CloudFront distribution on a loopback port, a client of the Lambda port only. A request
// goes the way CloudFront sends it: viewer-request function, then the cache (a hit skips the
// origin and both origin functions), origin-request function, the origin, origin-response
// function, the cache store, viewer-response function. X-Cache says what happened; one access-log
// line per request names the functions that ran.
// Sources: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-cloudfront-trigger-events.html
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses-in-requests.html
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html (HTTP status codes)

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../runtime/clock.ts';
import { listenLoopback, readBoundedBody } from '../../runtime/http/loopback.ts';
import { edgeLimits } from '../../runtime/limits.ts';
import type { LambdaPort } from '../lambda-port.ts';
import { filterCookies, filterQuery, headerPasses } from './cache-policies.ts';
import { behaviorFor, type CacheBehavior, type DistributionConfig, type EdgeEventType } from './distribution-config.ts';
import { cacheKey, EdgeCache, ttlSeconds } from './edge-cache.ts';
import { applyRequestResult, applyResponseResult, requestEvent, responseEvent, type EdgeRequest, type EdgeResponse } from './edge-events.ts';
import { EdgeFunctionError, invokeEdgeFunction, type EdgeFunction } from './edge-functions.ts';
import { EdgeValidationError, fromRawHeaders, setHeader, toHeaderPairs, type EdgeHeaders } from './edge-headers.ts';
import { withDeviceHeaders } from './device-headers.ts';
import { errorPage } from './error-page.ts';
import { eventOrigin, fetchOrigin, originAgent, OriginError } from './origins.ts';

export interface DistributionOptions {
  config: DistributionConfig;
  /** Checked functions by association ARN. */
  functions: Map<string, EdgeFunction>;
  port: LambdaPort;
  clock: Clock;
  /** One line per request, and the functions' own log lines. */
  log(line: string): void;
  listenPort?: number;
}

export interface StartedDistribution {
  url: string;
  port: number;
  cache: EdgeCache;
  close(): Promise<void>;
}

/** What stopped a request: the status CloudFront answers, X-Cache's word, and why. */
class Stop extends Error {
  readonly status: number;
  readonly cacheResult: string;

  constructor(status: number, cacheResult: string, message: string) {
    super(message);
    this.status = status;
    this.cacheResult = cacheResult;
  }
}

/** The largest body the local distribution reads from a viewer. */
const maxViewerBody = 20 * 1024 * 1024;

export async function startDistribution(options: DistributionOptions): Promise<StartedDistribution> {
  const { config, port, clock } = options;
  const cache = new EdgeCache(clock);
  const agent = originAgent();
  const via = `2.0 ${randomBytes(16).toString('hex')}.cloudfront.net (CloudFront)`;
  const pop = 'LOCAL1-C1';

  const run = async (fn: EdgeFunction | undefined, eventType: EdgeEventType, event: () => object, ran: string[]): Promise<unknown> => {
    if (!fn) return undefined;
    ran.push(`${eventType}(${fn.name}:${fn.version})`);
    // Lambda@Edge logs to /aws/lambda/us-east-1.<name> in the Region where the function ran. Source: CFDG lambda-cloudwatch-metrics-logging.html
    const group = `/aws/lambda/us-east-1.${fn.name}`;
    const show = (lines: string[]) => lines.forEach((line) => options.log(`${group} [${port.region}] ${line}`));
    try {
      const out = await invokeEdgeFunction(port, fn, event());
      show(out.logs);
      return out.result;
    } catch (error) {
      show((error as { logs?: string[] }).logs ?? []);
      if (error instanceof EdgeFunctionError) throw new Stop(error.status, error.cacheResult, `${eventType}: ${error.message}`);
      if (error instanceof EdgeValidationError) throw new Stop(502, 'LambdaValidationError from cloudfront', `${eventType}: ${error.message}`);
      throw error;
    }
  };

  const validated = <T>(eventType: EdgeEventType, apply: () => T): T => {
    try {
      return apply();
    } catch (error) {
      if (error instanceof EdgeValidationError) {
        const text = error.message.startsWith('The Lambda function returned') ? error.message : `The Lambda function result failed validation: ${error.message}`;
        throw new Stop(502, 'LambdaValidationError from cloudfront', `${eventType}: ${text}`);
      }
      throw error;
    }
  };

  const functionFor = (behavior: CacheBehavior, eventType: EdgeEventType) => {
    const association = behavior.associations[eventType];
    return association ? options.functions.get(association.functionArn) : undefined;
  };

  /** The headers CloudFront sends the origin: what the behaviour forwards, and its own. Source: RequestAndResponseBehaviorCustomOrigin.html */
  const originRequestHeaders = (behavior: CacheBehavior, viewer: EdgeHeaders, clientIp: string, originDomain: string): EdgeHeaders => {
    const headers: EdgeHeaders = {};
    for (const [name, list] of Object.entries(viewer)) if (name !== 'cookie' && headerPasses(behavior.forward.headers, name)) headers[name] = list;
    const cookies = filterCookies(behavior.forward.cookies, (viewer.cookie ?? []).map((h) => h.value));
    if (cookies.length > 0) setHeader(headers, 'Cookie', cookies.join('; '));
    if (!headers.host) setHeader(headers, 'Host', originDomain);
    if (!headers['user-agent']) setHeader(headers, 'User-Agent', 'Amazon CloudFront');
    setHeader(headers, 'Via', via);
    setHeader(headers, 'X-Forwarded-For', clientIp);
    return headers;
  };

  /**
   * The custom error page CloudFront answers with instead of an origin's error: fetched from the
   * origin of the behaviour its path matches (no function runs for it), with the configured status.
   * Source: HTTPStatusCodes.html (How CloudFront processes errors when you have configured custom error pages)
   */
  async function customErrorPage(pagePath: string, responseCode: number, clientIp: string): Promise<EdgeResponse> {
    const behavior = behaviorFor(config, pagePath);
    const origin = config.origins.get(behavior.targetOriginId)!;
    const request: EdgeRequest = { clientIp, headers: originRequestHeaders(behavior, {}, clientIp, origin.domainName), method: 'GET', querystring: '', uri: pagePath, origin: eventOrigin(origin, port.region) };
    try {
      const page = await fetchOrigin(config, request, undefined, agent);
      return { ...page, status: responseCode, statusDescription: '', originError: true };
    } catch (error) {
      if (error instanceof OriginError) throw new Stop(error.status, 'Error from cloudfront', `the custom error page ${pagePath} could not be fetched: ${error.message}`);
      throw error;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const requestId = randomBytes(42).toString('base64url');
    const ran: string[] = [];
    const url = new URL(req.url ?? '/', 'http://distribution');
    const clientIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const method = req.method ?? 'GET';
    let result = 'Miss';
    /** The URI the origin was asked for, when it was. */
    let originUri: string | undefined;
    let status = 0;
    let sent = 0;
    const send = (response: EdgeResponse, cacheResult: string, extra: Record<string, string> = {}) => {
      const headers = toHeaderPairs(response.headers).filter(([k]) => !['content-length', 'transfer-encoding', 'connection'].includes(k.toLowerCase()));
      headers.push(['Content-Length', String(response.body.length)], ['Via', via], ['X-Cache', cacheResult], ['X-Amz-Cf-Pop', pop], ['X-Amz-Cf-Id', requestId]);
      for (const [k, v] of Object.entries(extra)) headers.push([k, v]);
      res.writeHead(response.status, response.statusDescription || undefined, headers.flat() as unknown as Record<string, string>);
      res.end(method === 'HEAD' ? undefined : response.body);
      status = response.status;
      sent = response.body.length;
      result = cacheResult.replace(/ from cloudfront$/, '');
    };
    try {
      const { body: viewerBody, size } = await readBoundedBody(req, maxViewerBody);
      if (!viewerBody) throw new Stop(413, 'Error from cloudfront', `The request body is ${size} bytes; this local distribution reads at most ${maxViewerBody}.`);
      const behavior = behaviorFor(config, url.pathname);
      const origin = config.origins.get(behavior.targetOriginId)!;
      // CloudFront's own answer for a method the behaviour does not allow. Source: distribution-web-values-specify.html (Allowed HTTP methods)
      if (!behavior.allowedMethods.includes(method)) {
        throw new Stop(403, 'Error from cloudfront', `This distribution is not configured to allow the HTTP request method that was used for this request (${method}; the behaviour ${behavior.pathPattern} allows ${behavior.allowedMethods.join(', ')}: set AllowedMethods).`);
      }
      const viewerHeaders = fromRawHeaders(req.rawHeaders);
      let request: EdgeRequest = { clientIp, headers: viewerHeaders, method, querystring: url.search.replace(/^\?/, ''), uri: url.pathname };
      const bodyFor = (eventType: EdgeEventType) => {
        const association = behavior.associations[eventType];
        if (!association?.includeBody || viewerBody.length === 0) return undefined;
        const limit = eventType === 'viewer-request' ? edgeLimits.viewerBodyExposed.max : edgeLimits.originBodyExposed.max;
        return { inputTruncated: viewerBody.length > limit, action: 'read-only' as const, encoding: 'base64' as const, data: viewerBody.subarray(0, limit).toString('base64') };
      };

      // Viewer request: may change the request or answer it (the answer is not cached, and no viewer-response runs).
      const viewerFn = functionFor(behavior, 'viewer-request');
      if (viewerFn) {
        const input: EdgeRequest = { ...request, ...(bodyFor('viewer-request') ? { body: bodyFor('viewer-request')! } : {}) };
        const out = await run(viewerFn, 'viewer-request', () => requestEvent(config, 'viewer-request', requestId, input), ran);
        const applied = validated('viewer-request', () => applyRequestResult('viewer-request', input, out));
        if (applied.kind === 'response') return send(applied.response, 'LambdaGeneratedResponse from cloudfront');
        request = applied.request;
      }
      if (request.uri === '/' && config.defaultRootObject) request = { ...request, uri: `/${config.defaultRootObject}` };

      const cacheable = behavior.cachedMethods.includes(method);
      // CloudFront's own headers join the request after the viewer-request event, for the cache key and the origin's side.
      const originSide: EdgeRequest = { ...request, headers: withDeviceHeaders(request.headers, behavior.cacheKey.headers, behavior.forward.headers) };
      const key = cacheKey(behavior, originSide);
      let response: EdgeResponse;
      let cacheResult: string;
      const extra: Record<string, string> = {};
      const hit = cacheable ? cache.get(key) : undefined;
      if (hit) {
        response = hit.response;
        cacheResult = 'Hit from cloudfront';
        extra.Age = String(hit.ageSeconds);
      } else {
        let originRequest: EdgeRequest = {
          clientIp,
          headers: originRequestHeaders(behavior, originSide.headers, clientIp, origin.domainName),
          method,
          // The query string reaches the origin (and its functions) only when the behaviour forwards it. Source: edge-function-restrictions-all.html (Query strings)
          querystring: filterQuery(behavior.forward.query, request.querystring),
          uri: request.uri,
          origin: eventOrigin(origin, port.region),
        };
        const originFn = functionFor(behavior, 'origin-request');
        let generated = false;
        response = undefined as unknown as EdgeResponse;
        if (originFn) {
          const input: EdgeRequest = { ...originRequest, ...(bodyFor('origin-request') ? { body: bodyFor('origin-request')! } : {}) };
          const out = await run(originFn, 'origin-request', () => requestEvent(config, 'origin-request', requestId, input), ran);
          const applied = validated('origin-request', () => applyRequestResult('origin-request', input, out));
          if (applied.kind === 'response') {
            response = applied.response;
            generated = true;
          } else originRequest = applied.request;
        }
        if (!generated) {
          originUri = originRequest.uri + (originRequest.querystring ? `?${originRequest.querystring}` : '');
          try {
            response = await fetchOrigin(config, originRequest, viewerBody.length > 0 ? viewerBody : undefined, agent);
          } catch (error) {
            if (error instanceof OriginError) throw new Stop(error.status, 'Error from cloudfront', error.message);
            throw error;
          }
          // Origin response runs for every origin answer, errors included, before the cache stores it.
          const responseFn = functionFor(behavior, 'origin-response');
          if (responseFn) {
            const input = response;
            const out = await run(responseFn, 'origin-response', () => responseEvent(config, 'origin-response', requestId, originRequest, input), ran);
            response = validated('origin-response', () => applyResponseResult('origin-response', input, out));
          }
        }
        const custom = response.status >= 400 ? config.errorResponses.get(response.status) : undefined;
        const errorMinTtl = custom?.cachingMinTtl;
        cacheResult = response.status >= 400 ? 'Error from cloudfront' : 'Miss from cloudfront';
        if (response.status >= 400) response = { ...response, originError: true };
        if (custom?.pagePath) response = await customErrorPage(custom.pagePath, custom.responseCode!, clientIp);
        // A custom error page is cached as the error it stands for (the longer of its ErrorCachingMinTTL and max-age).
        if (cacheable) cache.set(key, response, ttlSeconds(behavior, response.headers, custom?.pagePath ? custom.errorCode : response.status, clock.now(), errorMinTtl));
      }

      // Viewer response: not for origin errors (400 or more), and it may not change the status.
      const viewerResponseFn = functionFor(behavior, 'viewer-response');
      if (viewerResponseFn && !response.originError) {
        const input = response;
        const viewerRequest = request;
        const out = await run(viewerResponseFn, 'viewer-response', () => responseEvent(config, 'viewer-response', requestId, viewerRequest, input), ran);
        response = validated('viewer-response', () => applyResponseResult('viewer-response', input, out));
      }
      send(response, cacheResult, extra);
    } catch (error) {
      const stop = error instanceof Stop ? error : new Stop(502, 'Error from cloudfront', (error as Error).message);
      if (!res.headersSent) {
        const page = errorPage(stop.status, stop.message, requestId);
        send({ status: stop.status, statusDescription: '', headers: { 'content-type': [{ key: 'Content-Type', value: 'text/html' }], server: [{ key: 'Server', value: 'CloudFront' }] }, body: page }, stop.cacheResult);
      } else res.destroy();
      options.log(`${config.logicalId} ${config.id}: ${stop.status} ${stop.message}`);
    } finally {
      const ms = (performance.now() - started).toFixed(1);
      const query = url.search;
      options.log(`${new Date(clock.now()).toISOString()} ${config.id} ${clientIp} ${method} ${url.pathname}${query} ${status} ${result} ${sent} bytes ${ms} ms origin: ${originUri ?? '-'} triggers: ${ran.join(' ') || 'none'}`);
    }
  }

  const listener = await listenLoopback({
    name: `CloudFront distribution ${config.logicalId}`,
    maxBodyBytes: maxViewerBody,
    ...(options.listenPort !== undefined ? { port: options.listenPort } : {}),
    handle: (req, res) => handle(req, res),
  });
  return {
    url: listener.url,
    port: listener.port,
    cache,
    close: async () => {
      agent.destroy();
      await listener.close();
    },
  };
}
