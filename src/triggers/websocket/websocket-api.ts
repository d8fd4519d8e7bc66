// What one WebSocket API is, once a template (or a test) has described it: its id, its stages,
// its route selection expression, its routes to functions and the REQUEST authorizer on
// $connect. The template part (src/template/parts/websocket.ts) builds it from
// AWS::ApiGatewayV2::* resources; websocket-server.ts serves it. Nothing here knows CloudFormation.
// Sources: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-selection-expressions.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html (WebSocket quotas)

export interface WebSocketTarget {
  /** A function name or ARN, as Invoke takes it. */
  functionName: string;
  qualifier?: string;
}

/** Where a REQUEST authorizer reads the caller's identity on $connect: route.request.header.X, route.request.querystring.Y. */
export interface WebSocketIdentitySource {
  kind: 'header' | 'querystring';
  name: string;
}

export interface WebSocketAuthorizer {
  name: string;
  target: WebSocketTarget;
  identitySources: WebSocketIdentitySource[];
}

export interface WebSocketRoute {
  /** $connect, $disconnect, $default or a custom key the selection expression yields. */
  routeKey: string;
  /** Undefined: a route without an integration (API Gateway accepts the message and does nothing). */
  target?: WebSocketTarget;
  /** $connect only. */
  authorizer?: WebSocketAuthorizer;
  /** RouteResponseSelectionExpression $default: the integration's answer is sent back to the client. */
  twoWay: boolean;
}

export interface WebSocketStage {
  name: string;
  variables: Record<string, string>;
}

export interface WebSocketApiDefinition {
  logicalId: string;
  /** Ten lower-case letters and digits, as requestContext.apiId and the methodArn carry it. */
  apiId: string;
  routeSelectionExpression: string;
  stages: WebSocketStage[];
  routes: WebSocketRoute[];
}

/** WebSocket API quotas that shape behaviour (limits.html, "API Gateway quotas for configuring and running a WebSocket API"). */
export const webSocketQuotas = {
  /** A larger message closes the connection with 1009. */
  messagePayloadBytes: 128 * 1024,
  idleTimeoutMs: 10 * 60 * 1000,
  maxConnectionMs: 2 * 60 * 60 * 1000,
} as const;

export const reservedRouteKeys = ['$connect', '$disconnect', '$default'] as const;

/**
 * Evaluates a route selection expression on a message: `$request.body.<path>` reads the JSON
 * body (a dotted path); `${...}` marks a variable inside literal text; `\$` is a literal dollar.
 * Returns undefined when the body is not JSON or the path is missing (API Gateway then uses
 * $default).
 */
export function selectRouteKey(expression: string, body: string): string | undefined {
  let parsed: unknown;
  let parsedOk = false;
  const read = (path: string): string | undefined => {
    if (!path.startsWith('request.body')) return undefined;
    if (!parsedOk) {
      try {
        parsed = JSON.parse(body);
      } catch {
        return undefined;
      }
      parsedOk = true;
    }
    let value: unknown = parsed;
    for (const part of path.slice('request.body'.length).split('.').filter(Boolean)) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string, unknown>)[part];
    }
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  };
  let key = '';
  let missing = false;
  const pattern = /\\\$|\$\{([^}]+)\}|\$([A-Za-z0-9_.]+)|[^\\$]+|./g;
  for (const match of expression.matchAll(pattern)) {
    if (match[0] === '\\$') key += '$';
    else if (match[1] !== undefined || match[2] !== undefined) {
      const value = read((match[1] ?? match[2])!);
      if (value === undefined) missing = true;
      else key += value;
    } else key += match[0];
  }
  return missing ? undefined : key;
}

/** The route a message goes to: the selected key's route, else $default, else none (API Gateway answers Forbidden). */
export function routeFor(api: WebSocketApiDefinition, body: string | undefined): WebSocketRoute | undefined {
  const key = body === undefined ? undefined : selectRouteKey(api.routeSelectionExpression, body);
  const custom = key !== undefined && !reservedRouteKeys.includes(key as (typeof reservedRouteKeys)[number]) ? api.routes.find((r) => r.routeKey === key) : undefined;
  return custom ?? api.routes.find((r) => r.routeKey === '$default');
}
