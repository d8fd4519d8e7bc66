// APIs described by OpenAPI (DefinitionBody, and a local DefinitionUri file): Lambda proxy
// operations become routes, x-amazon-apigateway-any-method is ANY, `security` picks the Lambda
// authorizer from securityDefinitions or components.securitySchemes, an event on the same path
// takes the operation over, and other integrations are listed as not emulated.

import { describe, expect, it } from 'vitest';
import { call, useTemplate } from './start-template.ts';

describe('APIs from an OpenAPI definition', () => {
  const started = useTemplate('api-openapi');
  const rest = () => started().apis.DocumentedApi!;

  it('serves the Lambda proxy operations and says which operations it does not emulate', () => {
    const notices = started().notices.join('\n');
    expect(notices).toMatch(/DocumentedApi \(REST API, stage live\) at .*: GET \/pets\/\{id\} -> arn:aws:lambda:us-east-1:123456789012:function:openapi-echo \[TokenAuth\]; ANY \/\{proxy\+\} -> arn:aws:lambda:.*openapi-echo; GET \/health -> openapi-echo/);
    expect(notices).toMatch(/DocumentedApi: GET \/external \(integration type http_proxy\) from its OpenAPI definition not emulated/);
    expect(notices).not.toMatch(/cannot be found/);
  });

  it('applies the API-wide security with the token from the scheme\'s header, and security: [] opens an operation', async () => {
    expect((await call(`${rest()}/pets/1`)).status).toBe(401);
    expect((await call(`${rest()}/pets/1`, { headers: { Authorization: 'allow-x' } })).status).toBe(401);
    const allowed = await call(`${rest()}/pets/1`, { headers: { 'X-Token': 'allow-zoe' } });
    expect(allowed.status).toBe(200);
    expect(allowed.json().requestContext.authorizer).toMatchObject({ principalId: 'zoe' });
    const open = await call(`${rest()}/anything/else`, { method: 'POST' });
    expect(open.json()).toMatchObject({ resource: '/{proxy+}', httpMethod: 'POST' });
  });

  it('lets a function event on a path of the definition take that operation over', async () => {
    const r = await call(`${rest()}/health`);
    expect(r.status).toBe(200);
    expect(r.json().resource).toBe('/health');
  });

  it('reads an HTTP API from a DefinitionUri file with a simple-response authorizer on two identity sources', async () => {
    const http = started().apis.DocumentedHttpApi!;
    expect((await call(`${http}/items/1`, { headers: { Authorization: 'secret' } })).status).toBe(401);
    const ok = await call(`${http}/items/1?tenant=t1`, { headers: { Authorization: 'secret' } });
    expect(ok.status).toBe(200);
    expect(ok.json()).toMatchObject({ version: '2.0', routeKey: 'GET /items/{id}', requestContext: { authorizer: { lambda: { tenant: 't1', identitySource: ['secret', 't1'] } } } });
  });
});
