// What a template may declare for a WebSocket API, checked as API Gateway checks it before
// anything starts; and the route selection expression as API Gateway evaluates it.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEndpoint } from '../../../src/endpoint/server.ts';
import { deployTemplate } from '../../../src/template/deploy.ts';
import { loadTemplate } from '../../../src/template/load.ts';
import { startStackParts } from '../../../src/template/start-parts.ts';
import { servicePort } from '../../../src/triggers/ports/service-port.ts';
import { selectRouteKey } from '../../../src/triggers/websocket/websocket-api.ts';

const nodeRuntime = `nodejs${process.versions.node.split('.')[0]}.x`;

/** Starts a template of one function (Fn) plus `resources`; returns the error message, or the notices when it started. */
async function attempt(resources: string): Promise<{ error?: string; notices: string[]; outputs?: Record<string, unknown> }> {
  const folder = mkdtempSync(join(tmpdir(), 'websocket-template-'));
  const endpoint = await startEndpoint();
  const notices: string[] = [];
  try {
    writeFileSync(
      join(folder, 'template.yaml'),
      `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: ${nodeRuntime}\n      Handler: index.handler\n      InlineCode: "exports.handler = async () => ({ statusCode: 200 });"\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: t\n      ProtocolType: WEBSOCKET\n      RouteSelectionExpression: $request.body.action\n${resources}`,
    );
    const plan = loadTemplate(join(folder, 'template.yaml'));
    const stack = await deployTemplate(plan, endpoint.service);
    const parts = await startStackParts(plan, stack, { port: servicePort(endpoint.service), endpointUrl: endpoint.url, protocols: endpoint.protocols, notice: (l) => notices.push(l) });
    await parts.close();
    return { notices, outputs: parts.outputs };
  } catch (error) {
    return { error: (error as Error).message, notices };
  } finally {
    await endpoint.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

const uri = '!Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations';
const stage = '  Stage:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties: { ApiId: !Ref Api, StageName: prod }\n';
const authorizer = (type: string, source = '[route.request.header.Auth]') =>
  `  Auth:\n    Type: AWS::ApiGatewayV2::Authorizer\n    Properties:\n      ApiId: !Ref Api\n      Name: a\n      AuthorizerType: ${type}\n      AuthorizerUri: ${uri}\n      IdentitySource: ${source}\n`;
const route = (key: string, extra = '') => `  R${key.replace(/\W/g, '')}:\n    Type: AWS::ApiGatewayV2::Route\n    Properties:\n      ApiId: !Ref Api\n      RouteKey: ${key}\n${extra}`;
const custom = '      AuthorizationType: CUSTOM\n      AuthorizerId: !Ref Auth\n';

describe('a WebSocket API declared in a template', () => {
  it('starts with its URL in the outputs under websockets, ws:// with the stage', async () => {
    const result = await attempt(stage + authorizer('REQUEST') + route('$connect', custom));
    expect(result.error).toBeUndefined();
    expect(result.outputs?.websockets).toEqual({ Api: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/prod$/) });
    expect(result.notices.join('\n')).toMatch(/WebSocket API Api: ws:\/\/127\.0\.0\.1:\d+\/prod routes \$connect \(authorizer a\)/);
  });

  it('refuses a TOKEN authorizer, as API Gateway does for WebSocket APIs, and JWT', async () => {
    expect((await attempt(stage + authorizer('TOKEN') + route('$connect', custom))).error).toMatch(/Auth Properties\.AuthorizerType: "TOKEN" is refused, as API Gateway refuses it: a WebSocket API takes REQUEST authorizers only/);
    expect((await attempt(stage + authorizer('JWT') + route('$connect', custom))).error).toMatch(/"JWT" is refused/);
  });

  it('refuses an authorizer on any route but $connect, and an identity source that is not a header or query string', async () => {
    expect((await attempt(stage + authorizer('REQUEST') + route('$default', custom))).error).toMatch(/R\w* Properties\.AuthorizationType: CUSTOM on \$default: a WebSocket API authorizes on \$connect only/);
    expect((await attempt(stage + authorizer('REQUEST', '[method.request.header.Auth]') + route('$connect', custom))).error).toMatch(/"method\.request\.header\.Auth" is not a WebSocket identity source/);
  });

  it('refuses an API with no stage, an integration that is not Lambda proxy, and a route target that names no integration', async () => {
    expect((await attempt(route('$default'))).error).toMatch(/Api: has no AWS::ApiGatewayV2::Stage, so it has no URL/);
    const httpIntegration = '  I:\n    Type: AWS::ApiGatewayV2::Integration\n    Properties: { ApiId: !Ref Api, IntegrationType: HTTP_PROXY, IntegrationUri: "https://example.com" }\n';
    expect((await attempt(stage + httpIntegration)).error).toMatch(/I Properties\.IntegrationType: "HTTP_PROXY" is not run here/);
    expect((await attempt(stage + route('$default', '      Target: integrations/nothing\n'))).error).toMatch(/Properties\.Target: "integrations\/nothing" names no integration of this API/);
  });
});

describe('an HTTP API declared as AWS::ApiGatewayV2::Api', () => {
  it('is listed as not started, with its routes, integrations and JWT authorizer, and does not stop the WebSocket API', async () => {
    const http =
      '  Http:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: { Name: h, ProtocolType: HTTP }\n' +
      '  HttpIntegration:\n    Type: AWS::ApiGatewayV2::Integration\n    Properties: { ApiId: !Ref Http, IntegrationType: HTTP_PROXY, IntegrationUri: "https://example.com", IntegrationMethod: GET }\n' +
      '  Jwt:\n    Type: AWS::ApiGatewayV2::Authorizer\n    Properties: { ApiId: !Ref Http, AuthorizerType: JWT, Name: j, IdentitySource: [$request.header.Authorization] }\n';
    const result = await attempt(stage + http + route('$default'));
    expect(result.error).toBeUndefined();
    expect(result.notices.join('\n')).toContain('Http (AWS::ApiGatewayV2::Api, ProtocolType HTTP) is not started, nor HttpIntegration, Jwt: only WEBSOCKET APIs are');
    expect(result.outputs?.websockets).toEqual({ Api: expect.stringMatching(/^ws:/) });
  });
});

describe('the route selection expression', () => {
  it('reads the JSON body by path, inside literal text too, and gives nothing when the body or the path is missing', () => {
    expect(selectRouteKey('$request.body.action', '{"action":"send"}')).toBe('send');
    expect(selectRouteKey('$request.body.message.type', '{"message":{"type":"chat"}}')).toBe('chat');
    expect(selectRouteKey('${request.body.action}-v${request.body.version}', '{"action":"send","version":2}')).toBe('send-v2');
    expect(selectRouteKey('\\$default', '{}')).toBe('$default');
    expect(selectRouteKey('$request.body.action', 'not json')).toBeUndefined();
    expect(selectRouteKey('$request.body.action', '{"other":1}')).toBeUndefined();
    expect(selectRouteKey('$request.body.action', '{"action":{"nested":true}}')).toBeUndefined();
  });
});
