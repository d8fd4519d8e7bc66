// Lambda authorizers as API Gateway runs them, for REST APIs, HTTP APIs and WebSocket $connect.
//
// Public API (the WebSocket part reuses it for $connect):
// - `new AuthorizerEvaluator(definition, { port, clock })` keeps one authorizer's result cache.
// - `evaluator.evaluate(call)` -> AuthorizerDecision. An `AuthorizerCall` says how to read each
//   identity source from the request, the methodArn to check the policy against, and how to build
//   the function's event from the identity values (requestAuthorizerCall builds one for REST and
//   HTTP API requests; a WebSocket $connect builds its own REQUEST event).
// - `authorizerContextFor('rest' | 'http', decision)` is requestContext.authorizer as the
//   integration sees it (REST and WebSocket: principalId, integrationLatency and the context
//   values as strings; HTTP APIs: { lambda: context }).
//
// What API Gateway does, and so does this:
// - A missing or empty identity source, or a token that does not match ValidationExpression,
//   answers 401 without calling the authorizer (knowledge-center api-gateway-401-error-lambda-authorizer;
//   http-api-lambda-authorizer.html, Identity sources).
// - The function failing with the message "Unauthorized" answers 401; any other failure, or an
//   output API Gateway cannot read (no policyDocument, a bad Effect, a context value that is an
//   object or a list on a REST API), answers 500 (api-gateway-lambda-authorizer-output.html:
//   "you cannot set a JSON object or array as a valid value of any key in the context map").
// - The policy is evaluated with Deny winning (policy.ts); a cached policy is evaluated again
//   against each new methodArn, so a policy that allows only the first path it saw denies the
//   next one (the {proxy+} trap).
// - Results are cached by the identity source values for ReauthorizeEvery seconds (default 300,
//   0 off, at most 3600), on the stack's clock; an authorizer with no identity source is not
//   cached (http-api-lambda-authorizer.html, Caching authorizer responses).
// - HTTP API simple responses ({ isAuthorized, context }) allow or deny every route with the
//   same identity while cached.

import type { Clock } from '../../runtime/clock.ts';
import { portError, type LambdaPort } from '../lambda-port.ts';
import { authorizerTtl, type ApiKind, type AuthorizerDefinition, type IdentitySource } from './api-definition.ts';
import type { GatewayFailure } from './gateway-responses.ts';
import { describeStatement, evaluatePolicy, parsePolicy, type PolicyStatement } from './policy.ts';
import { eventV1, eventV2, queryPairs, routeKey, type ApiRequest, type RoutedRequest } from './proxy-event.ts';

export interface AuthorizerCall {
  /** arn:aws:execute-api:region:account:apiId/stage/METHOD/path, the Resource the policy must allow. */
  methodArn: string;
  /** An identity source's value in this request, or undefined when the request lacks it. */
  identity(source: IdentitySource): string | undefined;
  /** The authorizer function's event; `values` are the identity source values in order (TOKEN: the token). */
  event(values: string[]): object;
}

/** hit/miss: the cache answered or not; off: this authorizer caches nothing; not-called: refused before any call. */
export type CacheState = 'hit' | 'miss' | 'off' | 'not-called';

export type AuthorizerDecision =
  | { outcome: 'allow'; cache: CacheState; principalId?: string; context: Record<string, unknown>; latencyMs: number; explanation: string }
  | { outcome: 'refuse'; failure: GatewayFailure; cache: CacheState; explanation: string };

/** What the authorizer function said, once read (cached as is, evaluated per methodArn). */
type AuthorizerOutput =
  | { kind: 'policy'; principalId?: string; statements: PolicyStatement[]; context: Record<string, unknown> }
  | { kind: 'simple'; isAuthorized: boolean; context: Record<string, unknown> };

const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function describeSource(source: IdentitySource): string {
  return { header: 'header', querystring: 'query string', stageVariable: 'stage variable', context: 'context variable' }[source.kind] + ` ${source.name}`;
}

function withTimeout<T>(work: Promise<T>, ms: number | undefined): Promise<T | 'timeout'> {
  if (ms === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class AuthorizerEvaluator {
  readonly authorizer: AuthorizerDefinition;
  private readonly port: LambdaPort;
  private readonly clock: Clock;
  private readonly cache = new Map<string, { output: AuthorizerOutput; expires: number }>();

  constructor(authorizer: AuthorizerDefinition, deps: { port: LambdaPort; clock: Clock }) {
    if (!Number.isInteger(authorizer.ttlSeconds) || authorizer.ttlSeconds < 0 || authorizer.ttlSeconds > authorizerTtl.maxSeconds) {
      throw new RangeError(`Authorizer ${authorizer.name}: a result TTL is a whole number of seconds from 0 (off) to ${authorizerTtl.maxSeconds}, not ${authorizer.ttlSeconds}.`);
    }
    this.authorizer = authorizer;
    this.port = deps.port;
    this.clock = deps.clock;
  }

  private get caching(): boolean {
    return this.authorizer.ttlSeconds > 0 && this.authorizer.identitySources.length > 0;
  }

  async evaluate(call: AuthorizerCall): Promise<AuthorizerDecision> {
    const a = this.authorizer;
    const values: string[] = [];
    for (const source of a.identitySources) {
      const value = call.identity(source);
      if (value === undefined || value === '') return { outcome: 'refuse', failure: 'unauthorized', cache: 'not-called', explanation: `401 without calling the authorizer: the ${describeSource(source)} is ${value === undefined ? 'missing' : 'empty'}` };
      values.push(value);
    }
    // "The incoming token is matched against this expression" (API Gateway's Authorizer
    // identityValidationExpression): read here as the whole token matching, as Java's matches() does.
    if (a.type === 'TOKEN' && a.validationExpression !== undefined && !new RegExp(`^(?:${a.validationExpression})$`).test(values[0]!)) {
      return { outcome: 'refuse', failure: 'unauthorized', cache: 'not-called', explanation: `401 without calling the authorizer: the token does not match ValidationExpression ${a.validationExpression}` };
    }
    if (call.methodArn.length > 1600) return { outcome: 'refuse', failure: 'methodArnTooLong', cache: 'not-called', explanation: `414: the methodArn is ${call.methodArn.length} bytes, over API Gateway's 1600` };
    const key = JSON.stringify(values);
    const cached = this.caching ? this.cache.get(key) : undefined;
    if (cached && cached.expires > this.clock.now()) {
      const left = Math.ceil((cached.expires - this.clock.now()) / 1000);
      return this.decide(cached.output, call.methodArn, 'hit', 0, `cached result, ${left} s left`);
    }
    this.cache.delete(key);
    const started = performance.now();
    let result;
    try {
      result = await withTimeout(this.port.invoke({ ...a.target, payload: JSON.stringify(call.event(values)) }), a.timeoutMs);
    } catch (error) {
      const e = portError(error);
      return { outcome: 'refuse', failure: 'authorizerFailure', cache: this.state('miss'), explanation: `500: the authorizer could not be invoked (${e.name}: ${e.message})` };
    }
    if (result === 'timeout') return { outcome: 'refuse', failure: 'authorizerFailure', cache: this.state('miss'), explanation: `500: the authorizer did not answer within ${a.timeoutMs} ms` };
    const latencyMs = Math.round(performance.now() - started);
    const text = result.payload.toString('utf8');
    if (result.functionError) {
      let message: unknown;
      try {
        message = (JSON.parse(text) as { errorMessage?: unknown }).errorMessage;
      } catch {
        message = undefined;
      }
      if (message === 'Unauthorized') return { outcome: 'refuse', failure: 'unauthorized', cache: this.state('miss'), explanation: '401: the authorizer failed with "Unauthorized"' };
      return { outcome: 'refuse', failure: 'authorizerFailure', cache: this.state('miss'), explanation: `500: the authorizer failed (${text.slice(0, 200)})` };
    }
    const output = this.read(text);
    if (typeof output === 'string') return { outcome: 'refuse', failure: 'authorizerFailure', cache: this.state('miss'), explanation: `500: the authorizer's output cannot be used: ${output}` };
    if (this.caching) this.cache.set(key, { output, expires: this.clock.now() + a.ttlSeconds * 1000 });
    return this.decide(output, call.methodArn, this.state('miss'), latencyMs, 'authorizer called');
  }

  private state(miss: 'miss'): CacheState {
    return this.caching ? miss : 'off';
  }

  /** The output, or why it cannot be used. */
  private read(text: string): AuthorizerOutput | string {
    let out: unknown;
    try {
      out = JSON.parse(text);
    } catch {
      return `not JSON (${text.slice(0, 80)})`;
    }
    if (out === null || typeof out !== 'object' || Array.isArray(out)) return `${text.slice(0, 80)} is not an object`;
    const o = out as Record<string, unknown>;
    const context = o.context ?? {};
    if (context === null || typeof context !== 'object' || Array.isArray(context)) return 'context must be an object';
    // REST APIs (and payload 1.0) take only string, number and boolean context values.
    const restRules = this.authorizer.payloadFormatVersion === '1.0';
    const bad = Object.entries(context).find(([, v]) => !scalar(v));
    if (restRules && bad) return `context.${bad[0]} is ${JSON.stringify(bad[1])}: context values are strings, numbers or booleans only`;
    if (this.authorizer.simpleResponses) {
      if (typeof o.isAuthorized !== 'boolean') return `simple responses need "isAuthorized": true or false, not ${JSON.stringify(o.isAuthorized)}`;
      return { kind: 'simple', isAuthorized: o.isAuthorized, context: context as Record<string, unknown> };
    }
    const policy = parsePolicy(o.policyDocument);
    if (!policy.ok) return policy.reason;
    if (o.principalId !== undefined && o.principalId !== null && !scalar(o.principalId)) return 'principalId must be a string';
    return { kind: 'policy', ...(o.principalId != null ? { principalId: String(o.principalId) } : {}), statements: policy.statements, context: context as Record<string, unknown> };
  }

  private decide(output: AuthorizerOutput, methodArn: string, cache: CacheState, latencyMs: number, how: string): AuthorizerDecision {
    if (output.kind === 'simple') {
      if (output.isAuthorized) return { outcome: 'allow', cache, context: output.context, latencyMs, explanation: `allowed by isAuthorized: true (${how})` };
      return { outcome: 'refuse', failure: 'explicitDeny', cache, explanation: `403: isAuthorized: false (${how})` };
    }
    const verdict = evaluatePolicy(output.statements, methodArn);
    if (verdict.result === 'explicitDeny') return { outcome: 'refuse', failure: 'explicitDeny', cache, explanation: `403 explicit deny of ${methodArn} by ${describeStatement(verdict.statement)} (${how})` };
    if (verdict.result === 'implicitDeny') return { outcome: 'refuse', failure: 'implicitDeny', cache, explanation: `403: no statement allows ${methodArn} (${how})` };
    return {
      outcome: 'allow',
      cache,
      ...(output.principalId !== undefined ? { principalId: output.principalId } : {}),
      context: output.context,
      latencyMs,
      explanation: `${methodArn} allowed by ${describeStatement(verdict.statement)} (${how})`,
    };
  }
}

/** requestContext.authorizer for the integration (REST/WebSocket shape, or the HTTP API shape). */
export function authorizerContextFor(shape: ApiKind, decision: Extract<AuthorizerDecision, { outcome: 'allow' }>): Record<string, unknown> {
  if (shape === 'http') return { ...(decision.principalId !== undefined ? { principalId: decision.principalId } : {}), lambda: decision.context };
  // "The returned values are all stringified" (api-gateway-lambda-authorizer-output.html).
  const strings = Object.fromEntries(Object.entries(decision.context).map(([k, v]) => [k, String(v)]));
  return { ...strings, ...(decision.principalId !== undefined ? { principalId: decision.principalId } : {}), integrationLatency: decision.latencyMs };
}

/** The methodArn (REST) or routeArn (HTTP API) of a request. */
export function methodArn(routed: RoutedRequest, request: ApiRequest): string {
  return `arn:aws:execute-api:${routed.region}:${routed.accountId}:${routed.api.apiId}/${routed.api.stage}/${request.method}/${routed.stagePath.replace(/^\//, '')}`;
}

/** Context variables an identity source may name ($context.X). */
function contextVariables(routed: RoutedRequest, request: ApiRequest): Record<string, string> {
  return {
    accountId: routed.accountId,
    apiId: routed.api.apiId,
    httpMethod: request.method,
    path: request.rawPath,
    protocol: request.protocol,
    requestId: request.requestId,
    resourcePath: routed.route.path,
    routeKey: routeKey(routed.route),
    stage: routed.api.stage,
    'identity.sourceIp': request.sourceIp,
    'identity.userAgent': request.rawHeaders.find(([k]) => k.toLowerCase() === 'user-agent')?.[1] ?? '',
  };
}

/** The authorizer call for a REST or HTTP API request: identity sources, methodArn and the TOKEN/REQUEST event. */
export function requestAuthorizerCall(authorizer: AuthorizerDefinition, routed: RoutedRequest, request: ApiRequest): AuthorizerCall {
  const arn = methodArn(routed, request);
  const rest = routed.api.kind === 'rest';
  return {
    methodArn: arn,
    identity(source) {
      if (source.kind === 'header') {
        const values = request.rawHeaders.filter(([k]) => k.toLowerCase() === source.name.toLowerCase()).map(([, v]) => v);
        return values.length === 0 ? undefined : rest ? values[values.length - 1] : values.join(',');
      }
      if (source.kind === 'querystring') {
        const values = queryPairs(request.rawQuery).filter(([k]) => k === source.name).map(([, v]) => v);
        return values.length === 0 ? undefined : rest ? values[values.length - 1] : values.join(',');
      }
      if (source.kind === 'stageVariable') return routed.api.stageVariables[source.name];
      return contextVariables(routed, request)[source.name];
    },
    event(values) {
      if (authorizer.type === 'TOKEN') return { type: 'TOKEN', authorizationToken: values[0], methodArn: arn };
      if (authorizer.payloadFormatVersion === '2.0') {
        const { body: _body, isBase64Encoded: _encoded, version: _version, ...v2 } = eventV2(routed, request);
        return { version: '2.0', type: 'REQUEST', routeArn: arn, identitySource: values, ...v2 };
      }
      const { body: _body, isBase64Encoded: _encoded, version: _version, ...v1 } = eventV1(routed, request);
      const common: Record<string, unknown> = { ...v1, pathParameters: v1.pathParameters ?? {} };
      if (rest) return { type: 'REQUEST', methodArn: arn, ...common };
      const { multiValueHeaders: _h, multiValueQueryStringParameters: _q, ...http } = common;
      return { version: '1.0', type: 'REQUEST', methodArn: arn, identitySource: values.join(','), authorizationToken: values.join(','), ...http };
    },
  };
}
