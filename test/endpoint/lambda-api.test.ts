// The Lambda REST API on the local endpoint, driven by the real @aws-sdk/client-lambda: what a
// learner's script or tool does against AWS, unmodified but for the endpoint.

import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  ListLayersCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  GetFunctionCommand,
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  LambdaClient,
  ListTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { anyCredentials, makeZip, useEndpoint } from '../support/endpoint.ts';

const endpoint = useEndpoint();
const client = () => new LambdaClient({ endpoint: endpoint().url, region: 'us-east-1', credentials: anyCredentials });
const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('utf8');

const greeter = (greeting: string) =>
  makeZip({
    'index.mjs': `export const handler = async (event) => { console.log('greeting', event.name); if (event.fail) throw new Error('asked to fail'); return { message: '${greeting}, ' + event.name }; };`,
  });

async function createGreeter(name: string, greeting = 'Hello'): Promise<void> {
  const lambda = client();
  const created = await lambda.send(
    new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/test', Code: { ZipFile: greeter(greeting) } }),
  );
  expect(created.State).toBe('Pending');
  expect(created.StateReasonCode).toBe('Creating');
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60, minDelay: 1 }, { FunctionName: name });
}

describe('the Lambda API with the real SDK client', () => {
  it('creates a function from a zip, which becomes Active, and invokes it with its log tail', async () => {
    await createGreeter('greeter');
    const lambda = client();
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'greeter' }));
    expect(got.Configuration).toMatchObject({ FunctionName: 'greeter', State: 'Active', LastUpdateStatus: 'Successful', Runtime: 'nodejs22.x', Role: 'arn:aws:iam::123456789012:role/test' });
    expect(got.Configuration?.FunctionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:greeter');

    const out = await lambda.send(new InvokeCommand({ FunctionName: 'greeter', Payload: JSON.stringify({ name: 'Ada' }), LogType: 'Tail' }));
    expect(out.StatusCode).toBe(200);
    expect(JSON.parse(text(out.Payload))).toEqual({ message: 'Hello, Ada' });
    expect(out.ExecutedVersion).toBe('$LATEST');
    expect(out.FunctionError).toBeUndefined();
    const log = Buffer.from(out.LogResult!, 'base64').toString('utf8');
    expect(log).toMatch(/START RequestId: /);
    expect(log).toMatch(/greeting\tAda|greeting Ada/);
    expect(log).toMatch(/REPORT RequestId: .*Duration: /);
  });

  it('answers an Event invocation with 202 and a DryRun with 204, running nothing for the DryRun', async () => {
    const lambda = client();
    const event = await lambda.send(new InvokeCommand({ FunctionName: 'greeter', InvocationType: 'Event', Payload: JSON.stringify({ name: 'Grace' }) }));
    expect(event.StatusCode).toBe(202);
    expect(text(event.Payload)).toBe('');
    const dry = await lambda.send(new InvokeCommand({ FunctionName: 'greeter', InvocationType: 'DryRun' }));
    expect(dry.StatusCode).toBe(204);
  });

  it('reports a function error in X-Amz-Function-Error with the error as the payload', async () => {
    const out = await client().send(new InvokeCommand({ FunctionName: 'greeter', Payload: JSON.stringify({ name: 'x', fail: true }) }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    expect(JSON.parse(text(out.Payload))).toMatchObject({ errorType: 'Error', errorMessage: 'asked to fail' });
  });

  it('publishes versions and routes aliases: an alias keeps running its version after $LATEST changes', async () => {
    const lambda = client();
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: 'greeter' }));
    expect(v1.Version).toBe('1');
    expect(v1.FunctionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:greeter:1');
    const alias = await lambda.send(new CreateAliasCommand({ FunctionName: 'greeter', Name: 'live', FunctionVersion: '1' }));
    expect(alias.AliasArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:greeter:live');

    const updated = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'greeter', ZipFile: greeter('Bonjour') }));
    expect(updated.LastUpdateStatus).toBe('InProgress');
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 60, minDelay: 1 }, { FunctionName: 'greeter' });
    const latest = await lambda.send(new InvokeCommand({ FunctionName: 'greeter', Payload: '{"name":"Ada"}' }));
    expect(JSON.parse(text(latest.Payload)).message).toBe('Bonjour, Ada');
    const live = await lambda.send(new InvokeCommand({ FunctionName: 'greeter', Qualifier: 'live', Payload: '{"name":"Ada"}' }));
    expect(JSON.parse(text(live.Payload)).message).toBe('Hello, Ada');
    expect(live.ExecutedVersion).toBe('1');

    const v2 = await lambda.send(new PublishVersionCommand({ FunctionName: 'greeter', Description: 'French' }));
    expect(v2.Version).toBe('2');
    await lambda.send(new UpdateAliasCommand({ FunctionName: 'greeter', Name: 'live', FunctionVersion: '2' }));
    const moved = await lambda.send(new InvokeCommand({ FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:greeter:live', Payload: '{"name":"Ada"}' }));
    expect(moved.ExecutedVersion).toBe('2');
    expect(JSON.parse(text(moved.Payload)).message).toBe('Bonjour, Ada');
    const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'greeter' }));
    expect(versions.Versions?.map((v) => v.Version)).toEqual(['$LATEST', '1', '2']);
    const aliases = await lambda.send(new ListAliasesCommand({ FunctionName: 'greeter' }));
    expect(aliases.Aliases?.map((a) => [a.Name, a.FunctionVersion])).toEqual([['live', '2']]);

    // A version an alias points at stays; one nothing points at can go.
    const inUse = await lambda.send(new DeleteFunctionCommand({ FunctionName: 'greeter', Qualifier: '2' })).catch((e: Error) => e);
    expect((inUse as Error).name).toBe('ResourceConflictException');
    expect((inUse as Error).message).toMatch(/aliases reference it: \[live\]/);
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'greeter', Qualifier: '1' }));
    const left = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'greeter' }));
    expect(left.Versions?.map((v) => v.Version)).toEqual(['$LATEST', '2']);
    const stillLive = await lambda.send(new InvokeCommand({ FunctionName: 'greeter', Qualifier: 'live', Payload: '{"name":"Ada"}' }));
    expect(JSON.parse(text(stillLive.Payload)).message).toBe('Bonjour, Ada');
  });

  it('streams a streaming function\'s chunks as PayloadChunk events before InvokeComplete, with its log tail', async () => {
    const lambda = client();
    const code = makeZip({
      'index.mjs': "const pause = (ms) => new Promise((r) => setTimeout(r, ms));\nexport const handler = awslambda.streamifyResponse(async (event, stream) => { stream.write('first '); await pause(300); stream.write('second'); stream.end(); });",
    });
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'streamer', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'r', Code: { ZipFile: code } }));
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60, minDelay: 1 }, { FunctionName: 'streamer' });
    const out = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'streamer', LogType: 'Tail', Payload: '{}' }));
    expect(out.StatusCode).toBe(200);
    expect(out.ExecutedVersion).toBe('$LATEST');
    const chunks: Array<{ text: string }> = [];
    let complete: { ErrorCode?: string; LogResult?: string } | undefined;
    for await (const event of out.EventStream!) {
      if (event.PayloadChunk) chunks.push({ text: Buffer.from(event.PayloadChunk.Payload!).toString('utf8') });
      if (event.InvokeComplete) complete = event.InvokeComplete;
    }
    expect(chunks.map((c) => c.text).join('')).toBe('first second');
    // Two writes, two events: the answer was streamed as written, not buffered into one chunk.
    expect(chunks.map((c) => c.text)).toEqual(['first ', 'second']);
    expect(complete?.ErrorCode).toBeUndefined();
    expect(Buffer.from(complete!.LogResult!, 'base64').toString('utf8')).toMatch(/REPORT RequestId/);
  });

  it('answers InvokeWithResponseStream for a function that does not stream with one chunk, and reports its error in InvokeComplete', async () => {
    const out = await client().send(new InvokeWithResponseStreamCommand({ FunctionName: 'greeter', Payload: '{"name":"x","fail":true}' }));
    const events: Array<Record<string, unknown>> = [];
    for await (const event of out.EventStream!) events.push(event as unknown as Record<string, unknown>);
    const complete = events.find((e) => e.InvokeComplete)?.InvokeComplete as { ErrorCode: string; ErrorDetails: string };
    expect(complete.ErrorCode).toBe('Error');
    expect(JSON.parse(complete.ErrorDetails)).toMatchObject({ errorMessage: 'asked to fail' });
    const missing = await client().send(new InvokeWithResponseStreamCommand({ FunctionName: 'nobody' })).catch((e: Error) => e);
    expect((missing as Error).name).toBe('ResourceNotFoundException');
  });

  it('publishes a layer from a zip that a function created with it finds under /opt', async () => {
    const lambda = client();
    const layerZip = makeZip({ 'nodejs/node_modules/shout/index.js': "module.exports = (s) => s.toUpperCase() + '!';" });
    const layer = await lambda.send(new PublishLayerVersionCommand({ LayerName: 'shout', Content: { ZipFile: layerZip }, CompatibleRuntimes: ['nodejs22.x'] }));
    expect(layer).toMatchObject({ Version: 1, LayerVersionArn: 'arn:aws:lambda:us-east-1:123456789012:layer:shout:1', CompatibleRuntimes: ['nodejs22.x'] });
    const code = makeZip({ 'index.cjs': "const shout = require('shout'); exports.handler = async (e) => shout(e.text);" });
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'layered', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'r', Layers: [layer.LayerVersionArn!], Code: { ZipFile: code } }));
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60, minDelay: 1 }, { FunctionName: 'layered' });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'layered', Payload: '{"text":"hi"}' }));
    expect(JSON.parse(text(out.Payload))).toBe('HI!');
    const got = await lambda.send(new GetLayerVersionCommand({ LayerName: 'shout', VersionNumber: 1 }));
    expect(got.Content?.CodeSize).toBeGreaterThan(0);
    const listed = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'shout' }));
    expect(listed.LayerVersions?.map((l) => l.Version)).toEqual([1]);
    const byArn = await lambda.send(new GetLayerVersionByArnCommand({ Arn: layer.LayerVersionArn! }));
    expect(byArn.Version).toBe(1);
    const layers = await lambda.send(new ListLayersCommand({ CompatibleRuntime: 'nodejs22.x' }));
    expect(layers.Layers?.map((l) => [l.LayerName, l.LatestMatchingVersion?.LayerVersionArn])).toEqual([['shout', layer.LayerVersionArn]]);
    expect((await lambda.send(new ListLayersCommand({ CompatibleRuntime: 'python3.12' }))).Layers).toEqual([]);
  });

  it('hands X-Amz-Client-Context (base64 JSON) to the function as context.clientContext, and the invoked ARN with its qualifier', async () => {
    const lambda = client();
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'ctx', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'r', Code: { ZipFile: makeZip({ 'index.mjs': 'export const handler = async (e, context) => ({ client: context.clientContext, arn: context.invokedFunctionArn });' }) } }));
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60, minDelay: 1 }, { FunctionName: 'ctx' });
    const clientContext = Buffer.from(JSON.stringify({ custom: { tenant: 'blue' }, env: { platform: 'test' } })).toString('base64');
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'ctx', Qualifier: '$LATEST', ClientContext: clientContext }));
    const answer = JSON.parse(text(out.Payload));
    expect(answer.client).toMatchObject({ custom: { tenant: 'blue' } });
    expect(answer.arn).toBe('arn:aws:lambda:us-east-1:123456789012:function:ctx:$LATEST');
  });

  it('creates and publishes in one call with Publish: true, answering with version 1', async () => {
    const created = await client().send(
      new CreateFunctionCommand({ FunctionName: 'published', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'r', Publish: true, Code: { ZipFile: greeter('Hi') } }),
    );
    expect(created).toMatchObject({ Version: '1', FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:published:1', State: 'Active' });
    const out = await client().send(new InvokeCommand({ FunctionName: 'published', Qualifier: '1', Payload: '{"name":"v1"}' }));
    expect(JSON.parse(text(out.Payload)).message).toBe('Hi, v1');
  });

  it('keeps a function\'s tags from CreateFunction, TagResource and UntagResource, and shows them in GetFunction', async () => {
    const lambda = client();
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'tagged', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'r', Tags: { team: 'dojo' }, Code: { ZipFile: greeter('Hey') } }));
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:tagged';
    await lambda.send(new TagResourceCommand({ Resource: arn, Tags: { 'lambda-dojo:lab': '9', stage: 'dev' } }));
    await lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['stage'] }));
    expect((await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ team: 'dojo', 'lambda-dojo:lab': '9' });
    expect((await lambda.send(new GetFunctionCommand({ FunctionName: 'tagged' }))).Tags).toEqual({ team: 'dojo', 'lambda-dojo:lab': '9' });
    const missing = await lambda.send(new ListTagsCommand({ Resource: 'arn:aws:lambda:us-east-1:123456789012:function:nobody' })).catch((e: Error) => e);
    expect((missing as Error).name).toBe('ResourceNotFoundException');
  });
});
