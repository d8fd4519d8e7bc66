// Lesson 5's authorizers are code the course runs: each language's copy gets the event API
// Gateway sends and must answer with the policy, principal and context the lesson describes,
// or fail with exactly "Unauthorized", the message API Gateway turns into a 401.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploySample } from '../../content/samples/lesson-samples.ts';
import { sampleLanguages, sampleRuntime } from '../../content/samples/sample-runtimes.ts';
import { startEndpoint, type LocalEndpoint } from '../../src/endpoint/server.ts';
import { deployTemplate } from '../../src/template/deploy.ts';
import { loadTemplate } from '../../src/template/load.ts';
import { startStackParts, type StartedParts } from '../../src/template/start-parts.ts';
import { servicePort } from '../../src/triggers/ports/service-port.ts';
import { useService } from '../support/service.ts';

const page = (path: string) => readFileSync(new URL(`../../content/lessons/05-authorizers/${path}`, import.meta.url), 'utf8');

/** IAM reads Action and Resource as one string or a list: compare them as lists. */
function statements(answer: any): unknown[] {
  const list = (value: unknown) => (Array.isArray(value) ? value : [value]);
  return (answer?.policyDocument?.Statement ?? []).map((s: any) => ({ Effect: s.Effect, Action: list(s.Action), Resource: list(s.Resource) }));
}

const methodArn = 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/orders/7';

describe('the authorizer samples of lesson 5, run as shown', () => {
  const service = useService();

  it('are imported by the lesson pages that show them', () => {
    expect(page('1-token-authorizers.mdx')).toMatch(/from '\.\.\/\.\.\/samples\/token-authorizer\/[^']+\?raw'/);
    expect(page('2-request-authorizers.mdx')).toMatch(/from '\.\.\/\.\.\/samples\/simple-authorizer\/[^']+\?raw'/);
  });

  for (const language of sampleLanguages) {
    it(`${language}: the token authorizer allows every GET of the stage for a known token, with the caller's id, and answers Unauthorized otherwise`, async (context) => {
      const runtime = await sampleRuntime(language);
      if (!runtime) return context.skip();
      const name = await deploySample(service(), 'token-authorizer', language, runtime);
      const allowed = await service().invoke({ FunctionName: name, Payload: { type: 'TOKEN', authorizationToken: 'Bearer token-ada', methodArn } });
      expect(allowed.FunctionError, allowed.Payload.toString()).toBeUndefined();
      const answer = JSON.parse(allowed.Payload.toString());
      expect(answer.principalId).toBe('ada');
      expect(answer.policyDocument.Version).toBe('2012-10-17');
      expect(statements(answer)).toEqual([{ Effect: 'Allow', Action: ['execute-api:Invoke'], Resource: ['arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/*'] }]);
      expect(answer.context).toEqual({ userId: 'ada' });

      for (const authorizationToken of ['Bearer token-nobody', '']) {
        const refused = await service().invoke({ FunctionName: name, Payload: { type: 'TOKEN', authorizationToken, methodArn } });
        expect(refused.FunctionError).toBe('Unhandled');
        expect(JSON.parse(refused.Payload.toString()).errorMessage).toBe('Unauthorized');
      }
    }, 300_000);

    it(`${language}: the HTTP API authorizer answers isAuthorized true with the caller's id for a known token, false otherwise`, async (context) => {
      const runtime = await sampleRuntime(language);
      if (!runtime) return context.skip();
      const name = await deploySample(service(), 'simple-authorizer', language, runtime);
      const event = (authorization?: string) => ({
        version: '2.0',
        type: 'REQUEST',
        routeArn: 'arn:aws:execute-api:us-east-1:123456789012:abc123/$default/GET/orders',
        identitySource: authorization === undefined ? [] : [authorization],
        routeKey: 'GET /orders',
        rawPath: '/orders',
        rawQueryString: '',
        headers: authorization === undefined ? { host: 'abc123.execute-api.us-east-1.amazonaws.com' } : { host: 'abc123.execute-api.us-east-1.amazonaws.com', authorization },
        requestContext: { apiId: 'abc123', stage: '$default', routeKey: 'GET /orders', http: { method: 'GET', path: '/orders' } },
      });
      const answer = async (authorization?: string) => {
        const result = await service().invoke({ FunctionName: name, Payload: event(authorization) });
        expect(result.FunctionError, result.Payload.toString()).toBeUndefined();
        return JSON.parse(result.Payload.toString());
      };
      expect(await answer('Bearer token-grace')).toEqual({ isAuthorized: true, context: { userId: 'grace' } });
      for (const refused of ['Bearer token-nobody', undefined]) expect(await answer(refused)).toMatchObject({ isAuthorized: false });
    }, 300_000);
  }
});

describe('the example API of lesson 5.1, started as serve starts it', () => {
  const template = fileURLToPath(new URL('../../content/samples/authorizer-api/template.yaml', import.meta.url));
  let endpoint: LocalEndpoint | undefined;
  let parts: StartedParts | undefined;
  const log: string[] = [];
  beforeAll(async () => {
    const plan = loadTemplate(template);
    endpoint = await startEndpoint({ service: { idleTimeoutMs: 60_000 } });
    const stack = await deployTemplate(plan, endpoint.service);
    parts = await startStackParts(plan, stack, { port: servicePort(endpoint.service), endpointUrl: endpoint.url, protocols: endpoint.protocols, log: (line) => log.push(line) });
  }, 120_000);
  afterAll(async () => {
    await parts?.close();
    await endpoint?.close();
  });

  /** The lesson's curl commands, each with the status its comment says it gets. */
  const commands = [...page('1-token-authorizers.mdx').matchAll(/^curl -i (?:-X (\w+) )?(?:-H '([^']+)' )?\$API(\S+)\s+# (\d{3})/gm)].map(([line, method, header, path, status]) => ({
    line: line!.trim(),
    method: method ?? 'GET',
    headers: header ? { [header.slice(0, header.indexOf(':'))]: header.slice(header.indexOf(':') + 1).trim() } : {},
    path: path!,
    status: Number(status),
  }));

  it('answers each curl command of the lesson with the status the lesson shows, in order', async () => {
    expect(commands.length).toBeGreaterThanOrEqual(6);
    const api = String((parts!.outputs.apis as Record<string, string>).OrdersApi).replace(/\/$/, '');
    const answers = [];
    for (const command of commands) answers.push({ command: command.line, status: (await fetch(`${api}${command.path}`, { method: command.method, headers: command.headers })).status });
    expect(answers).toEqual(commands.map((c) => ({ command: c.line, status: c.status })));
    // The log line the lesson quotes for the last request.
    expect(log.some((line) => /no statement allows \S+\/prod\/GET\/exact\/2 \(cached result, \d+ s left\)/.test(line)), log.join('\n')).toBe(true);
  }, 120_000);
});
