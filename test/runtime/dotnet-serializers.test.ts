// The C# serializers name properties as AWS's do (Amazon.Lambda.Serialization.SystemTextJson):
// DefaultLambdaJsonSerializer writes names as declared, CamelCaseLambdaJsonSerializer camel-cases
// them, [JsonPropertyName] wins over both, and AwsNamingPolicy maps the two S3 names it knows.
// Expected outputs come from AWS's own tests and source in aws/aws-lambda-dotnet (Libraries/...):
//   test/EventsTests.NET8/TestResponseCasing.cs       TestPascalCase, TestCamelCase
//   test/EventsTests.Shared/EventTests.cs              APIGatewayProxyResponseTest
//   src/Amazon.Lambda.Serialization.SystemTextJson/AwsNamingPolicy.cs   the S3 name mappings
//   src/Amazon.Lambda.APIGatewayEvents/APIGatewayProxyResponse.cs, APIGatewayHttpApiV2ProxyResponse.cs,
//   APIGatewayCustomAuthorizerResponse.cs, APIGatewayCustomAuthorizerPolicy.cs and
//   APIGatewayCustomAuthorizerV2SimpleResponse.cs                        their [JsonPropertyName]s
// The handlers are real C# in test/fixtures/dotnet/naming, run by the real bootstrap on Mono.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { fixtures, json, useService } from '../support/service.ts';

const runtime = runtimesUnderTest.find((r) => r.family === 'dotnet')?.runtime;

describe.skipIf(!runtime)('C# serializers name properties as AWS\'s do', () => {
  const service = useService();
  const deployed = new Set<string>();

  async function answer(method: string, payload: unknown = {}): Promise<unknown> {
    const name = `naming-${method}`;
    if (!deployed.has(name)) {
      await service().createFunction({ FunctionName: name, Runtime: runtime!, Handler: `Naming::Naming.Handlers::${method}`, Code: { Directory: join(fixtures('dotnet'), 'naming') } });
      deployed.add(name);
    }
    const out = await service().invoke({ FunctionName: name, Payload: payload });
    expect(out.FunctionError, String(out.Payload)).toBeUndefined();
    return json(out.Payload);
  }

  it('DefaultLambdaJsonSerializer writes property names as declared (AWS TestPascalCase)', async () => {
    expect(await answer('Pascal')).toEqual({ BingBong: 'Joy' });
  });

  it('CamelCaseLambdaJsonSerializer camel-cases them (AWS TestCamelCase)', async () => {
    expect(await answer('Camel')).toEqual({ bingBong: 'Joy' });
  });

  it('[JsonPropertyName] wins over both, and a null property is left out', async () => {
    expect(await answer('RenamedDefault')).toEqual({ 'Status-Text': 'ok' });
    expect(await answer('RenamedCamel')).toEqual({ 'Status-Text': 'ok' });
  });

  it('AwsNamingPolicy maps XAmzId2 and XAmzRequestId to S3\'s header names, in and out, under both serializers', async () => {
    const elements = { 'x-amz-id-2': 'EXAMPLE123/5678abcdefghijklambdaisawesome/mnopqrstuvwxyzABCDEFGH', 'x-amz-request-id': 'EXAMPLE123456789' };
    expect(await answer('S3Default', elements)).toEqual(elements);
    expect(await answer('S3Camel', elements)).toEqual(elements);
  });

  it('APIGatewayProxyResponse reaches API Gateway as statusCode, headers and body (AWS APIGatewayProxyResponseTest)', async () => {
    const expected = { statusCode: 200, headers: { Header1: 'Value1', Header2: 'Value2' }, body: 'theBody', isBase64Encoded: false };
    expect(await answer('ProxyDefault')).toEqual(expected);
    expect(await answer('ProxyCamel')).toEqual(expected);
  });

  it('a REST API authorizer\'s response carries the names API Gateway reads, IAM\'s capitalised ones in the policy', async () => {
    const arn = 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/orders';
    expect(await answer('Authorize', { type: 'TOKEN', authorizationToken: 'allow', methodArn: arn })).toEqual({
      principalId: 'user-1',
      policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['execute-api:Invoke'], Resource: [arn] }] },
      context: { tier: 'gold', level: 3 },
    });
  });

  it('HTTP API types: an authorizer\'s simple response, and a payload format 2.0 request and response', async () => {
    const context = { http: { method: 'GET', path: '/orders', sourceIp: '203.0.113.7' }, authorizer: { lambda: { user: 'ada' } } };
    expect(await answer('AuthorizeV2', { type: 'REQUEST', routeKey: 'GET /orders', headers: { authorization: 'allow' }, requestContext: context })).toEqual({
      isAuthorized: true,
      context: { route: 'GET /orders', sourceIp: '203.0.113.7' },
    });
    expect(await answer('HttpApi', { version: '2.0', routeKey: 'GET /orders', rawPath: '/orders', requestContext: context, isBase64Encoded: false })).toEqual({
      statusCode: 200,
      headers: { 'x-seen': 'one,two' },
      cookies: ['session=abc'],
      body: 'GET /orders as ada',
      isBase64Encoded: false,
    });
  });

  it('ILambdaContext gives the handler its serializer, the trace id and the tenant id, as Amazon.Lambda.Core 3.x does', async () => {
    const extras = (await answer('ContextExtras')) as { serializer: string; traceId: string; tenantId: string };
    expect(extras.serializer).toBe('CamelCaseLambdaJsonSerializer');
    expect(extras.traceId).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};/);
    expect(extras.tenantId).toBe('(none)');
  });

  it('APIGatewayProxyRequest reads a REST API proxy event, names matched in any case', async () => {
    const event = {
      resource: '/orders',
      path: '/orders',
      httpMethod: 'POST',
      headers: { 'Content-Type': 'application/json' },
      multiValueHeaders: { Accept: ['text/html', 'application/json'] },
      queryStringParameters: null,
      requestContext: {
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
        requestTimeEpoch: 1767225600000,
        identity: { sourceIp: '203.0.113.7' },
        authorizer: { principalId: 'user-1', claims: { sub: 'abc-123', 'custom:tier': 'gold' } },
      },
      body: '{"item": "tea"}',
      isBase64Encoded: false,
    };
    expect(await answer('ReadRequest', event)).toEqual({
      method: 'POST',
      path: '/orders',
      contentType: 'application/json',
      accept: 'text/html,application/json',
      query: '(none)',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      sourceIp: '203.0.113.7',
      requestTimeEpoch: 1767225600000,
      principalId: 'user-1',
      sub: 'abc-123',
      body: '{"item": "tea"}',
      isBase64Encoded: false,
    });
  });
});
