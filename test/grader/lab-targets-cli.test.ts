// `npm run lab N -- --target endpoint|aws` and `--template`, through the real CLI process: the
// same checks on an endpoint (the local endpoint serve runs, started here), the AWS path against
// that endpoint, and a SAM template that the template loader reads back and serve can start.

import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startEndpoint, type LocalEndpoint } from '../../src/endpoint/server.ts';
import { deployTemplate } from '../../src/template/deploy.ts';
import { loadTemplate } from '../../src/template/load.ts';
import { cli, projectRoot } from '../support/cli.ts';

let endpoint: LocalEndpoint;
let workspace: string;
const labs = join(projectRoot, 'labs');

beforeAll(async () => {
  endpoint = await startEndpoint({ service: { idleTimeoutMs: 60_000 } });
});
afterAll(async () => {
  await endpoint?.close();
});
beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'dojo-targets-'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

const env = (extra: Record<string, string> = {}) => ({ LAMBDA_DOJO_WORKSPACE: workspace, NO_COLOR: '1', ...extra });
const run = (args: string[], extra: Record<string, string> = {}) => cli(['lab', ...args], { env: env(extra), cwd: workspace });
const useSolution = (slug: string, language: string) => cpSync(join(labs, slug, 'solution', language), join(workspace, slug, language), { recursive: true });

describe('npm run lab N -- --target', () => {
  it('endpoint: grades the same checks through the SDK at --endpoint-url, and says where', async () => {
    useSolution('03-event-in-response-out', 'nodejs');
    const r = await run(['3', '--lang', 'nodejs', '--target', 'endpoint', '--endpoint-url', endpoint.url]);
    expect(r.stdout).toContain(`on ${endpoint.url}`);
    expect(r.stdout).toContain('All 4 checks passed.');
    expect(r.exitCode).toBe(0);
  });

  it('aws: takes the learner credentials from the default chain, prints the cost line, and leaves nothing behind', async () => {
    useSolution('01-hello-handler', 'nodejs');
    const r = await run(['1', '--lang', 'nodejs', '--target', 'aws', '--region', 'us-east-1', '--role', 'arn:aws:iam::123456789012:role/dojo', '--endpoint-url', endpoint.url], {
      AWS_ACCESS_KEY_ID: 'AKIDLEARNER',
      AWS_SECRET_ACCESS_KEY: 'learner-secret',
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('on AWS (us-east-1)');
    expect(r.stderr).toMatch(/AWS use: [1-9]\d* requests?, \d+\.\d{3} GB-seconds ≈ \$\d+\.\d{6} at us-east-1/);
    expect(endpoint.service.listFunctions().map((f) => f.FunctionName)).not.toContain('lab01-nodejs');
  });

  it('refuses an endpoint target without its URL, and aws options on the embedded target', async () => {
    const a = await run(['1', '--target', 'endpoint']);
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toContain('--target endpoint needs --endpoint-url');
    const b = await run(['1', '--region', 'eu-west-1']);
    expect(b.exitCode).toBe(2);
    expect(b.stderr).toContain('--region goes with --target aws');
    const c = await run(['1', '--target', 'moon']);
    expect(c.stderr).toContain('--target moon is not one of embedded, endpoint, aws');
  });
});

describe('npm run lab N -- --template', () => {
  it('writes a SAM template of the learner\'s function and its layers that the template loader reads and serve starts', async () => {
    useSolution('06-share-code-through-a-layer', 'nodejs');
    const file = join(workspace, 'template.yaml');
    const r = await run(['6', '--lang', 'nodejs', '--template', '--output', file]);
    expect(r.exitCode).toBe(0);
    const raw = parse(readFileSync(file, 'utf8'));
    expect(raw.Transform).toBe('AWS::Serverless-2016-10-31');
    const fn = raw.Resources.Function;
    expect(fn.Type).toBe('AWS::Serverless::Function');
    expect(fn.Properties).toMatchObject({ CodeUri: '06-share-code-through-a-layer/nodejs/function', Handler: 'index.handler', Tags: { 'lambda-dojo:lab': '6' } });
    expect(fn.Properties.Runtime).toMatch(/^nodejs\d+\.x$/);
    const layerIds = fn.Properties.Layers.map((l: { Ref: string }) => l.Ref);
    expect(layerIds.length).toBeGreaterThan(0);
    for (const id of layerIds) expect(raw.Resources[id].Type).toBe('AWS::Serverless::LayerVersion');

    // The endpoint engineer's loader takes it, and the stack it describes runs and answers.
    const plan = loadTemplate(file);
    expect(plan.functions.map((f) => f.logicalId)).toEqual(['Function']);
    expect(plan.layers.map((l) => l.logicalId).sort()).toEqual([...layerIds].sort());
    expect(plan.notEmulated).toEqual([]);
    const stack = await deployTemplate(plan, endpoint.service);
    const lambda = new LambdaClient({ region: 'us-east-1', endpoint: endpoint.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const out = await lambda.send(new InvokeCommand({ FunctionName: stack.functions.Function!.name, Payload: Buffer.from('{}') }));
    expect(out.FunctionError).toBeUndefined();
    lambda.destroy();
    await endpoint.service.deleteFunction(stack.functions.Function!.name);
  });

  it('declares lab 8\'s key as a KMS key the function may decrypt with, and gives Go its build method', async () => {
    const r = await run(['8', '--lang', 'go', '--template']);
    expect(r.exitCode).toBe(0);
    const raw = parse(r.stdout);
    expect(raw.Resources.LabKey.Type).toBe('AWS::KMS::Key');
    expect(raw.Resources.Function.Properties.Policies).toEqual([{ KMSDecryptPolicy: { KeyId: { Ref: 'LabKey' } } }]);
    expect(raw.Resources.Function.Metadata).toEqual({ BuildMethod: 'go1.x' });
    expect(raw.Resources.Function.Properties.Environment?.Variables?.AWS_ENDPOINT_URL_KMS).toBeUndefined();
  });
});
