// Mistakes in a template's APIs and authorizers are refused in one line naming the file, the
// resource, the property and the rule, before any API listens; an authorizer function that cannot be found is told at start.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProtocolRegistry } from '../../../src/endpoint/protocols.ts';
import { deployTemplate } from '../../../src/template/deploy.ts';
import { loadTemplate } from '../../../src/template/load.ts';
import { startStackParts } from '../../../src/template/start-parts.ts';
import { TemplateError } from '../../../src/template/template-error.ts';
import { servicePort } from '../../../src/triggers/ports/service-port.ts';
import { useService } from '../../support/service.ts';

const service = useService();
const root = mkdtempSync(join(tmpdir(), 'api-template-errors-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;

/** A template with one inline Node.js function, named Fn<n> so each template deploys its own. */
function template(resources: string, events: string): string {
  const folder = join(root, `t${++count}`);
  mkdirSync(folder, { recursive: true });
  const body = `Transform: AWS::Serverless-2016-10-31
Resources:
${resources}
  Fn${count}:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: "exports.handler = async () => ({ statusCode: 200, body: 'ok' });"
      Handler: index.handler
      Runtime: nodejs22.x
      Events:
${events}`;
  writeFileSync(join(folder, 'template.yaml'), body);
  return join(folder, 'template.yaml');
}

async function refusal(file: string): Promise<TemplateError> {
  const plan = loadTemplate(file);
  const stack = await deployTemplate(plan, service());
  try {
    const parts = await startStackParts(plan, stack, { port: servicePort(service()), endpointUrl: 'http://127.0.0.1:4566', protocols: new ProtocolRegistry() });
    await parts.close();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('the template was accepted');
}

const api = (properties: string) => `  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n${properties}`;
const event = (properties: string, type = 'Api') => `        E:\n          Type: ${type}\n          Properties:\n${properties}`;

describe('API template errors name the resource, the property and the rule', () => {
  it('an AWS::Serverless::Api without StageName', async () => {
    const e = await refusal(template(api('      Variables: { a: b }\n'), event('            RestApiId: !Ref Api\n            Path: /x\n            Method: get\n')));
    expect(e.place).toMatchObject({ resource: 'Api', property: 'Properties.StageName' });
    expect(e.message).toMatch(/is required for AWS::Serverless::Api/);
  });

  it('a RestApiId naming something that is not an AWS::Serverless::Api', async () => {
    const topic = '  Topic:\n    Type: AWS::SNS::Topic\n';
    const e = await refusal(template(topic, event('            RestApiId: !Ref Topic\n            Path: /x\n            Method: get\n')));
    expect(e.place.property).toBe('Properties.Events.E.Properties.RestApiId');
    expect(e.message).toMatch(/Topic is of type AWS::SNS::Topic; an event of Type Api needs an AWS::Serverless::Api/);
  });

  it('a path without its leading slash, a greedy variable before the end, a method API Gateway does not route', async () => {
    const noSlash = await refusal(template('', event('            Path: pets\n            Method: get\n')));
    expect([noSlash.place.property, noSlash.message]).toEqual(['Properties.Events.E.Properties.Path', expect.stringMatching(/pets: a resource path starts with "\/"/)]);
    const greedy = await refusal(template('', event('            Path: /{proxy+}/more\n            Method: get\n')));
    expect(greedy.message).toMatch(/greedy variable \{proxy\+\} as the last segment only/);
    const method = await refusal(template('', event('            Path: /x\n            Method: fetch\n')));
    expect([method.place.property, method.message]).toEqual(['Properties.Events.E.Properties.Method', expect.stringMatching(/fetch is not an HTTP method/)]);
  });

  it('an event naming an authorizer its API does not declare', async () => {
    const auth = api(`      StageName: dev
      Auth:
        Authorizers:
          Real:
            FunctionArn: arn:aws:lambda:us-east-1:123456789012:function:auth
`);
    const e = await refusal(template(auth, event('            RestApiId: !Ref Api\n            Path: /x\n            Method: get\n            Auth:\n              Authorizer: Typo\n')));
    expect(e.place.property).toBe('Properties.Events.E.Properties.Auth.Authorizer');
    expect(e.message).toMatch(/Typo is not an authorizer of Api \(its Auth.Authorizers: Real\); use one of them or NONE/);
  });

  it('ReauthorizeEvery over 3600, a TOKEN authorizer given Headers, a REQUEST authorizer without identity source, a DefaultAuthorizer that is not declared', async () => {
    const authorizer = (identity: string, extra = '') => api(`      StageName: dev
      Auth:${extra}
        Authorizers:
          A:
            FunctionArn: arn:aws:lambda:us-east-1:123456789012:function:auth
            Identity:
${identity}`);
    const on = event('            RestApiId: !Ref Api\n            Path: /x\n            Method: get\n');
    const ttl = await refusal(template(authorizer('              ReauthorizeEvery: 4000\n'), on));
    expect([ttl.place.property, ttl.message]).toEqual(['Properties.Auth.Authorizers.A.Identity.ReauthorizeEvery', expect.stringMatching(/4000 is outside API Gateway's range: a whole number of seconds from 0 \(no cache\) to 3600/)]);
    const headers = await refusal(template(authorizer('              Headers: [X-Key]\n'), on));
    expect([headers.place.property, headers.message]).toEqual(['Properties.Auth.Authorizers.A.Identity.Headers', expect.stringMatching(/belongs to REQUEST authorizers/)]);
    const request = await refusal(template(api(`      StageName: dev
      Auth:
        Authorizers:
          R:
            FunctionPayloadType: REQUEST
            FunctionArn: arn:aws:lambda:us-east-1:123456789012:function:auth
`), on));
    expect([request.place.property, request.message]).toEqual(['Properties.Auth.Authorizers.R.Identity', expect.stringMatching(/needs at least one of Headers, QueryStrings, StageVariables or Context/)]);
    const fallback = await refusal(template(authorizer('              Header: X-Key\n', '\n        DefaultAuthorizer: B'), on));
    expect([fallback.place.property, fallback.message]).toEqual(['Properties.Auth.DefaultAuthorizer', expect.stringMatching(/B is not one of Auth.Authorizers \(A\)/)]);
  });

  it('an HTTP API authorizer without AuthorizerPayloadFormatVersion, or with simple responses on 1.0', async () => {
    const httpApi = (spec: string) => `  H:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      Auth:\n        Authorizers:\n          A:\n            FunctionArn: arn:aws:lambda:us-east-1:123456789012:function:auth\n${spec}`;
    const on = event('            ApiId: !Ref H\n', 'HttpApi');
    const missing = await refusal(template(httpApi(''), on));
    expect([missing.place.resource, missing.place.property]).toEqual(['H', 'Properties.Auth.Authorizers.A.AuthorizerPayloadFormatVersion']);
    const simple = await refusal(template(httpApi("            AuthorizerPayloadFormatVersion: '1.0'\n            EnableSimpleResponses: true\n"), on));
    expect([simple.place.property, simple.message]).toEqual(['Properties.Auth.Authorizers.A.EnableSimpleResponses', expect.stringMatching(/works with AuthorizerPayloadFormatVersion 2.0 only/)]);
  });

  it('two events with the same method and path on one API', async () => {
    const two = `${event('            Path: /x\n            Method: get\n')}\n        F:\n          Type: Api\n          Properties:\n            Path: /x\n            Method: GET\n`;
    const e = await refusal(template('', two));
    expect(e.message).toMatch(/GET \/x on ServerlessRestApi is already the route of Fn\d+\.Events\.E/);
  });

  it('an authorizer whose function does not exist is told at start, and its routes answer 500', async () => {
    const auth = api(`      StageName: dev
      Auth:
        DefaultAuthorizer: Gone
        Authorizers:
          Gone:
            FunctionArn: arn:aws:lambda:us-east-1:123456789012:function:no-such-authorizer
`);
    const plan = loadTemplate(template(auth, event('            RestApiId: !Ref Api\n            Path: /x\n            Method: get\n')));
    const stack = await deployTemplate(plan, service());
    const notices: string[] = [];
    const parts = await startStackParts(plan, stack, { port: servicePort(service()), endpointUrl: 'http://127.0.0.1:4566', protocols: new ProtocolRegistry(), notice: (l) => notices.push(l) });
    try {
      expect(notices.join('\n')).toMatch(/Api: authorizer Gone's function arn:aws:lambda:us-east-1:123456789012:function:no-such-authorizer cannot be found .*: its routes will answer 500/);
      const r = await fetch(`${(parts.outputs.apis as Record<string, string>).Api}/x`, { headers: { Authorization: 'token' } });
      expect([r.status, await r.text()]).toEqual([500, '{"message":null}']);
    } finally {
      await parts.close();
    }
  });
});
