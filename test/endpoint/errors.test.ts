// AWS's error shapes from the local endpoint, as the real SDK client raises them, and the
// loopback rules every local listener keeps (no web page, no foreign Host).

import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { anyCredentials, makeZip, useEndpoint } from '../support/endpoint.ts';

const endpoint = useEndpoint();
const client = () => new LambdaClient({ endpoint: endpoint().url, region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 });

async function failure(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number }; $response?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the call succeeded; it should have failed');
}

function raw(path: string, headers: Record<string, string>, method = 'GET', body = ''): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${endpoint().url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  const lambda = client();
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'echo', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'r', Code: { ZipFile: makeZip({ 'index.mjs': 'export const handler = async (e) => e;' }) } }));
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60, minDelay: 1 }, { FunctionName: 'echo' });
});

describe('AWS error shapes through the real SDK', () => {
  it('an unknown function is ResourceNotFoundException (404) with Lambda\'s message', async () => {
    const error = await failure(client().send(new GetFunctionCommand({ FunctionName: 'nobody' })));
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.$metadata?.httpStatusCode).toBe(404);
    expect(error.message).toMatch(/^Function not found: arn:aws:lambda:us-east-1:123456789012:function:nobody/);
    expect((error as unknown as { Type: string }).Type).toBe('User');
    const invoked = await failure(client().send(new InvokeCommand({ FunctionName: 'nobody' })));
    expect(invoked.name).toBe('ResourceNotFoundException');
  });

  it('a payload that is not JSON is InvalidRequestContentException', async () => {
    const error = await failure(client().send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{not json') })));
    expect(error.name).toBe('InvalidRequestContentException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toMatch(/Could not parse request body into json/);
  });

  it('a payload over the 6 MB synchronous quota is RequestTooLargeException (413)', async () => {
    const payload = JSON.stringify({ data: 'x'.repeat(6 * 1024 * 1024) });
    const error = await failure(client().send(new InvokeCommand({ FunctionName: 'echo', Payload: payload })));
    expect(error.name).toBe('RequestTooLargeException');
    expect(error.$metadata?.httpStatusCode).toBe(413);
    expect(error.message).toMatch(/Request must be smaller than 6291456 bytes for the InvokeFunction operation/);
  });

  it('a client context that is not base64 JSON is InvalidRequestContentException', async () => {
    const error = await failure(client().send(new InvokeCommand({ FunctionName: 'echo', ClientContext: 'not base64 at all!' })));
    expect(error.name).toBe('InvalidRequestContentException');
    expect(error.message).toMatch(/Client context must be a valid Base64-encoded JSON object/);
  });

  it('a second function of the same name is ResourceConflictException', async () => {
    const error = await failure(
      client().send(new CreateFunctionCommand({ FunctionName: 'echo', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'r', Code: { ZipFile: makeZip({ 'index.mjs': '' }) } })),
    );
    expect(error.name).toBe('ResourceConflictException');
    expect(error.$metadata?.httpStatusCode).toBe(409);
  });

  it('configuration out of Lambda\'s limits is refused with the value and the rule, and nothing changes', async () => {
    const error = await failure(client().send(new UpdateFunctionConfigurationCommand({ FunctionName: 'echo', MemorySize: 20_000 })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/20000.*memorySize.*less than or equal to 10240/);
    const got = await client().send(new GetFunctionCommand({ FunctionName: 'echo' }));
    expect(got.Configuration).toMatchObject({ MemorySize: 128, LastUpdateStatus: 'Successful' });
  });

  it('a zip that is not a zip, and code in S3, are InvalidParameterValueException naming the fix', async () => {
    const notZip = await failure(
      client().send(new CreateFunctionCommand({ FunctionName: 'broken', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'r', Code: { ZipFile: Buffer.from('hello') } })),
    );
    expect(notZip.name).toBe('InvalidParameterValueException');
    expect(notZip.message).toMatch(/Could not unzip uploaded file/);
    const s3 = await failure(
      client().send(new CreateFunctionCommand({ FunctionName: 'in-s3', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'r', Code: { S3Bucket: 'b', S3Key: 'k.zip' } })),
    );
    expect(s3.name).toBe('InvalidParameterValueException');
    expect(s3.message).toMatch(/ZipFile/);
  });

  it('a malformed control-plane body is InvalidRequestContentException in the header and the body', async () => {
    const answer = await raw('/2015-03-31/functions', { 'Content-Type': 'application/json', Host: `127.0.0.1:${endpoint().port}` }, 'POST', '{"FunctionName":');
    expect(answer.status).toBe(400);
    expect(answer.headers['x-amzn-errortype']).toBe('InvalidRequestContentException');
    expect(JSON.parse(answer.body)).toMatchObject({ Type: 'User', message: expect.stringMatching(/Could not parse request body into json/) });
  });

  it('an operation the endpoint does not serve is named in the answer, with what it does serve', async () => {
    const answer = await raw('/2015-03-31/functions/echo/concurrency', { Host: `127.0.0.1:${endpoint().port}` });
    expect(answer.status).toBe(404);
    expect(answer.headers['x-amzn-errortype']).toBe('UnknownOperationException');
    expect(JSON.parse(answer.body).message).toMatch(/does not serve GET \/2015-03-31\/functions\/echo\/concurrency.*Invoke/);
  });
});

const go = runtimesUnderTest.find((r) => r.family === 'go');

describe.runIf(go)('a function whose build fails', () => {
  it('is Pending, then Failed with the build\'s reason: the waiter stops, Invoke is refused, new code builds it again, DeleteFunction removes it', async () => {
    const lambda = client();
    // Go source without go.mod: accepted, then refused by the build.
    const code = makeZip({ 'main.go': readFileSync(join(go!.fixture('echo').code, 'main.go'), 'utf8') });
    const created = await lambda.send(new CreateFunctionCommand({ FunctionName: 'unbuildable', Runtime: go!.runtime as 'provided.al2023', Handler: 'bootstrap', Role: 'r', Code: { ZipFile: code } }));
    expect(created.State).toBe('Pending');
    const waited = await failure(waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60, minDelay: 1 }, { FunctionName: 'unbuildable' }));
    expect(waited.message).toMatch(/FAILURE/);
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'unbuildable' }));
    expect(got.Configuration).toMatchObject({ State: 'Failed', StateReasonCode: 'InvalidConfiguration', LastUpdateStatus: 'Failed' });
    expect(got.Configuration?.StateReason).toMatch(/go\.mod/);
    const invoked = await failure(lambda.send(new InvokeCommand({ FunctionName: 'unbuildable' })));
    expect(invoked.name).toBe('ResourceConflictException');
    expect(invoked.message).toMatch(/The function is currently in the following state: Failed/);
    // Fixing the code builds it again: Pending, then Active.
    const fixed = makeZip(Object.fromEntries(['main.go', 'go.mod', 'go.sum'].map((f) => [f, readFileSync(join(go!.fixture('echo').code, f), 'utf8')])));
    const updated = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'unbuildable', ZipFile: fixed }));
    expect(updated.State).toBe('Pending');
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 120, minDelay: 1 }, { FunctionName: 'unbuildable' });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'unbuildable', Payload: '{"fixed":true}' }));
    expect(JSON.parse(Buffer.from(out.Payload!).toString('utf8'))).toEqual({ received: { fixed: true } });
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'unbuildable' }));
    expect((await failure(lambda.send(new GetFunctionCommand({ FunctionName: 'unbuildable' })))).name).toBe('ResourceNotFoundException');
  });
});

describe('the endpoint is for this machine only', () => {
  it('refuses a request from a web page (any Origin), running nothing', async () => {
    const answer = await raw('/2015-03-31/functions/echo/invocations', { Origin: 'https://example.com', Host: `127.0.0.1:${endpoint().port}` }, 'POST', '{}');
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).message).toMatch(/refuses requests from web pages/);
  });

  it('refuses a foreign Host (DNS rebinding)', async () => {
    const answer = await raw('/2015-03-31/functions/', { Host: `attacker.example:${endpoint().port}` });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).message).toMatch(/answers only requests for 127\.0\.0\.1/);
  });

  it('listens on 127.0.0.1 only', () => {
    expect(endpoint().url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
