// WebSocket APIs: `AWS::ApiGatewayV2::Api` with ProtocolType WEBSOCKET and its Routes,
// Integrations (AWS_PROXY to a function), REQUEST Authorizer and Stages, each API started on a
// loopback port of its own (websocket-server.ts), with the @connections callback API on that port
// and on the endpoint. Checked as API Gateway checks them: a WebSocket authorizer is REQUEST only
// (TOKEN is not an ApiGatewayV2 authorizer type; JWT is for HTTP APIs), authorization is on
// $connect only, identity sources are route.request.header.X or route.request.querystring.Y.
// Sources: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-api.html,
// -route.html, -integration.html, -authorizer.html (AuthorizerType: REQUEST | JWT; IdentitySource;
// AuthorizerResultTtlInSeconds "supported only for HTTP API Lambda authorizers"), -stage.html;
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html

import { createHash } from 'node:crypto';
import type { EndpointProtocol } from '../../endpoint/protocols.ts';
import { ConnectionRegistry, parseConnectionsPath } from '../../triggers/websocket/connections.ts';
import { connectAuthorizer } from '../../triggers/websocket/connect-authorizer.ts';
import { localCertificate, trustEnvironment } from '../../triggers/websocket/local-certificate.ts';
import type { WebSocketApiDefinition, WebSocketAuthorizer, WebSocketIdentitySource, WebSocketRoute, WebSocketTarget } from '../../triggers/websocket/websocket-api.ts';
import { startWebSocketApi, type AuthorizeConnect, type RunningWebSocketApi } from '../../triggers/websocket/websocket-server.ts';
import type { ResourcePlan } from '../load.ts';
import type { Json } from '../parse.ts';
import type { StackPart, StackPartContext } from '../stack-parts.ts';
import { TemplateError } from '../template-error.ts';

const types = {
  api: 'AWS::ApiGatewayV2::Api',
  route: 'AWS::ApiGatewayV2::Route',
  integration: 'AWS::ApiGatewayV2::Integration',
  authorizer: 'AWS::ApiGatewayV2::Authorizer',
  stage: 'AWS::ApiGatewayV2::Stage',
  deployment: 'AWS::ApiGatewayV2::Deployment',
  routeResponse: 'AWS::ApiGatewayV2::RouteResponse',
} as const;

/** A stable id per logical id: API ids are ten lower-case letters and digits, the others seven. */
export function resourceId(logicalId: string, length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const digest = createHash('sha256').update(`apigatewayv2/${logicalId}`).digest();
  return [...digest.subarray(0, length)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** The function an integration or authorizer URI names: arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations, or the ARN itself. */
export function functionOfUri(uri: string): WebSocketTarget | undefined {
  const arn = /^arn:aws[a-z-]*:apigateway:[^:]+:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/.exec(uri)?.[1] ?? (uri.startsWith('arn:') ? uri : undefined);
  const parts = arn?.split(':');
  if (!arn || !parts || parts[2] !== 'lambda' || parts[5] !== 'function' || parts.length < 7 || parts.length > 8) return undefined;
  return { functionName: parts[6]!, ...(parts[7] ? { qualifier: parts[7] } : {}) };
}

const str = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

export const webSocketPart: StackPart = {
  name: 'websockets',
  resourceTypes: Object.values(types),
  functionEventTypes: [],
  functionEnvironment: () => trustEnvironment(localCertificate()),
  references(resource, context) {
    if (resource.type === types.api) {
      const apiId = resourceId(resource.logicalId, 10);
      // ApiEndpoint is AWS's form: the local URL is known only once the API listens (see the outputs' websockets).
      return { ref: apiId, attributes: { ApiId: apiId, ApiEndpoint: `wss://${apiId}.execute-api.${context.region}.amazonaws.com` } };
    }
    if (resource.type === types.stage) return { ref: str(context.property(resource, 'StageName')) ?? resource.logicalId, attributes: {} };
    const id = resourceId(resource.logicalId, 7);
    const attributes: Record<string, Json> = resource.type === types.authorizer ? { AuthorizerId: id } : resource.type === types.route ? { RouteId: id } : {};
    return { ref: id, attributes };
  },
  async start(context) {
    return startWebSockets(context);
  },
};

async function startWebSockets(context: StackPartContext): Promise<{ outputs: Record<string, Record<string, unknown>>; close(): Promise<void> }> {
  const { plan, resources } = context;
  const fail = (resource: ResourcePlan, property: string, rule: string): never => {
    throw new TemplateError({ file: plan.file, resource: resource.logicalId, ...(property ? { property: `Properties.${property}` } : {}) }, rule);
  };
  const prop = (resource: ResourcePlan, key: string) => context.property(resource, key);
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const idOf = (r: ResourcePlan) => context.references(r.logicalId)?.ref ?? resourceId(r.logicalId, r.type === types.api ? 10 : 7);
  const apiOf = (r: ResourcePlan) => ofType(types.api).find((api) => idOf(api) === prop(r, 'ApiId'));

  const websocketApis = ofType(types.api).filter((api) => prop(api, 'ProtocolType') === 'WEBSOCKET');
  for (const api of ofType(types.api).filter((a) => !websocketApis.includes(a))) {
    const own = resources.filter((r) => r !== api && prop(r, 'ApiId') === idOf(api)).map((r) => r.logicalId);
    context.notice(`${api.logicalId} (${types.api}, ProtocolType ${String(prop(api, 'ProtocolType'))}) is not started${own.length ? `, nor ${own.join(', ')}` : ''}: only WEBSOCKET APIs are; declare an HTTP API as AWS::Serverless::HttpApi.`);
  }
  for (const r of resources.filter((r) => r.type !== types.api && r.type !== types.deployment)) {
    if (!apiOf(r)) fail(r, 'ApiId', `${JSON.stringify(prop(r, 'ApiId'))} names no AWS::ApiGatewayV2::Api of this template: write ApiId: !Ref <the API's logical id>.`);
  }
  const integrationTarget = new Map<string, WebSocketTarget>();
  // Only the WebSocket APIs' own resources are checked and started; an HTTP API's are listed above.
  const ofWebSocket = (r: ResourcePlan) => websocketApis.includes(apiOf(r)!);
  for (const integration of ofType(types.integration).filter(ofWebSocket)) {
    const kind = prop(integration, 'IntegrationType');
    if (kind !== 'AWS_PROXY') fail(integration, 'IntegrationType', `${JSON.stringify(kind)} is not run here: integrations are AWS_PROXY (Lambda proxy) to a function of this template.`);
    const uri = str(prop(integration, 'IntegrationUri')) ?? '';
    const target = functionOfUri(uri) ?? fail(integration, 'IntegrationUri', `${JSON.stringify(uri)} is not a function: write !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${MyFunction.Arn}/invocations.`);
    integrationTarget.set(String(idOf(integration)), target);
  }
  const authorizers = new Map<string, WebSocketAuthorizer>();
  for (const authorizer of ofType(types.authorizer).filter(ofWebSocket)) {
    const kind = prop(authorizer, 'AuthorizerType');
    if (kind !== 'REQUEST') {
      fail(authorizer, 'AuthorizerType', `${JSON.stringify(kind)} is refused, as API Gateway refuses it: a WebSocket API takes REQUEST authorizers only (TOKEN is a REST API type; JWT is for HTTP APIs). Use AuthorizerType: REQUEST with IdentitySource route.request.header.<Name>.`);
    }
    const uri = str(prop(authorizer, 'AuthorizerUri')) ?? '';
    const target = functionOfUri(uri) ?? fail(authorizer, 'AuthorizerUri', `${JSON.stringify(uri)} is not a function: write !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${MyAuthorizer.Arn}/invocations.`);
    const raw = prop(authorizer, 'IdentitySource');
    const listed = (Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : []).map((s) => String(s).trim());
    const identitySources = listed.map((source): WebSocketIdentitySource => {
      const match = /^route\.request\.(header|querystring)\.(.+)$/.exec(source);
      return match ? { kind: match[1] as 'header' | 'querystring', name: match[2]! } : fail(authorizer, 'IdentitySource', `${JSON.stringify(source)} is not a WebSocket identity source: write route.request.header.<Name> or route.request.querystring.<name>.`);
    });
    if (prop(authorizer, 'AuthorizerResultTtlInSeconds') !== undefined) {
      context.notice(`${authorizer.logicalId}: AuthorizerResultTtlInSeconds has no effect on a WebSocket API (API Gateway caches HTTP API authorizers only); $connect calls the authorizer every time.`);
    }
    authorizers.set(String(idOf(authorizer)), { name: str(prop(authorizer, 'Name')) ?? authorizer.logicalId, target, identitySources });
  }
  for (const target of [...integrationTarget.values(), ...[...authorizers.values()].map((a) => a.target)]) {
    await context.port.getFunctionConfiguration(target.functionName, target.qualifier).catch((error: Error) => {
      throw new TemplateError({ file: plan.file }, `a WebSocket integration or authorizer names ${target.functionName}${target.qualifier ? `:${target.qualifier}` : ''}, which is not a function here (${error.message}).`);
    });
  }

  const connections = new ConnectionRegistry();
  const running: RunningWebSocketApi[] = [];
  const outputs: Record<string, unknown> = {};
  const authorize: AuthorizeConnect = connectAuthorizer({ port: context.port, clock: context.clock });
  const certificate = localCertificate();
  try {
    for (const api of websocketApis) {
      const apiId = String(idOf(api));
      const expression = str(prop(api, 'RouteSelectionExpression')) ?? fail(api, 'RouteSelectionExpression', 'is required for a WEBSOCKET API: e.g. $request.body.action.');
      const mine = (r: ResourcePlan) => prop(r, 'ApiId') === apiId;
      const routes = ofType(types.route).filter(mine).map((route): WebSocketRoute => {
        const routeKey = str(prop(route, 'RouteKey')) ?? fail(route, 'RouteKey', 'is required: $connect, $disconnect, $default or a key your RouteSelectionExpression yields.');
        const targetText = str(prop(route, 'Target'));
        const integrationId = targetText === undefined ? undefined : /^integrations\/(.+)$/.exec(targetText)?.[1];
        if (targetText !== undefined && (!integrationId || !integrationTarget.has(integrationId))) {
          fail(route, 'Target', `${JSON.stringify(targetText)} names no integration of this API: write !Join ['/', [integrations, !Ref <the integration's logical id>]].`);
        }
        const authType = prop(route, 'AuthorizationType') ?? 'NONE';
        let authorizer: WebSocketAuthorizer | undefined;
        if (authType === 'CUSTOM') {
          if (routeKey !== '$connect') fail(route, 'AuthorizationType', `CUSTOM on ${routeKey}: a WebSocket API authorizes on $connect only, as API Gateway allows (the connection, once open, is authorized).`);
          const authorizerId = String(prop(route, 'AuthorizerId') ?? '');
          authorizer = authorizers.get(authorizerId) ?? fail(route, 'AuthorizerId', `${JSON.stringify(authorizerId)} names no AWS::ApiGatewayV2::Authorizer of this API: write AuthorizerId: !Ref <the authorizer's logical id>.`);
        } else if (authType === 'AWS_IAM') context.notice(`${route.logicalId}: AuthorizationType AWS_IAM is not evaluated here (any caller connects).`);
        else if (authType !== 'NONE') fail(route, 'AuthorizationType', `${JSON.stringify(authType)} is not a WebSocket authorization type: NONE, AWS_IAM or CUSTOM.`);
        return {
          routeKey,
          ...(integrationId ? { target: integrationTarget.get(integrationId)! } : {}),
          ...(authorizer ? { authorizer } : {}),
          twoWay: prop(route, 'RouteResponseSelectionExpression') === '$default',
        };
      });
      const stages = ofType(types.stage).filter(mine).map((stage) => {
        const variables = prop(stage, 'StageVariables');
        return { name: str(prop(stage, 'StageName')) ?? fail(stage, 'StageName', 'is required.'), variables: Object.fromEntries(Object.entries(variables && typeof variables === 'object' && !Array.isArray(variables) ? variables : {}).map(([k, v]) => [k, String(v)])) };
      });
      if (stages.length === 0) fail(api, '', 'has no AWS::ApiGatewayV2::Stage, so it has no URL: add one (Type: AWS::ApiGatewayV2::Stage, Properties: {ApiId: !Ref <this API>, StageName: prod, AutoDeploy: true}).');
      const definition: WebSocketApiDefinition = { logicalId: api.logicalId, apiId, routeSelectionExpression: expression, stages, routes };
      const started = await startWebSocketApi({ api: definition, port: context.port, clock: context.clock, log: context.log, authorize, connections, tls: certificate });
      running.push(started);
      outputs[api.logicalId] = `${started.url}/${stages[0]!.name}`;
      const routeList = routes.map((r) => `${r.routeKey}${r.authorizer ? ` (authorizer ${r.authorizer.name})` : ''}`).join(', ');
      context.notice(`WebSocket API ${api.logicalId}: ${stages.map((s) => `${started.url}/${s.name}`).join(', ')} routes ${routeList || 'none'}; callback URL https://${new URL(started.httpUrl).host}/${stages[0]!.name} (or http://; the template's functions trust the local certificate)`);
    }
  } catch (error) {
    for (const api of running) await api.close();
    throw error;
  }
  const removeProtocol = context.addProtocol(connectionsProtocol(connections, context.clock.now.bind(context.clock)));
  return {
    outputs: { websockets: outputs },
    close: async () => {
      removeProtocol();
      for (const api of running) await api.close();
    },
  };
}

/** @connections on the endpoint too (/@connections/<id> or /<stage>/@connections/<id>), for any API's connection. */
function connectionsProtocol(connections: ConnectionRegistry, now: () => number): EndpointProtocol {
  return {
    name: 'API Gateway Management (@connections)',
    operations: ['PostToConnection', 'GetConnection', 'DeleteConnection'],
    claims: (request) => request.target === undefined && parseConnectionsPath(request.url.pathname) !== undefined,
    async answer(call) {
      const path = parseConnectionsPath(call.url.pathname)!;
      const answer = connections.answer(call.method, path.connectionId, call.body, path.stage, now());
      call.res.writeHead(answer.status, { 'x-amzn-RequestId': call.requestId, ...answer.headers });
      call.res.end(answer.body);
      return `@connections ${call.method} ${path.connectionId} ${answer.status}`;
    },
  };
}
