// `lambda-dojo serve` as a user runs it: a real child process serving a template with two
// functions and a layer, reached by the real SDK client (and the AWS CLI where it is installed),
// ended by a signal with nothing left running.

import { CreateFunctionCommand, GetFunctionConfigurationCommand, InvokeCommand, LambdaClient, PutFunctionEventInvokeConfigCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { execa, type ResultPromise } from 'execa';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyCredentials, makeZip } from '../support/endpoint.ts';
import { cli, projectRoot } from '../support/cli.ts';

const template = join(projectRoot, 'test/fixtures/templates/two-functions/template.yaml');
const folder = mkdtempSync(join(tmpdir(), 'serve-test-'));
const outputsFile = join(folder, 'endpoints.json');

function serve(args: string[], cwd = projectRoot): { child: ResultPromise; output: () => string; ready: Promise<void> } {
  const child = execa(process.execPath, [`${projectRoot}bin/lambda-dojo.mjs`, 'serve', ...args], { cwd, reject: false, all: true, stdin: 'ignore' });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.all!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Stop with Ctrl-C.')) resolve();
    });
    void child.then((r) => reject(new Error(`serve ended before it was ready (exit ${r.exitCode}):\n${output}`)));
  });
  return { child, output: () => output, ready };
}

/** Every process below `pid`. */
function descendants(pid: number): number[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=']).toString();
  const pairs = out.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of pairs) if (ppid === parent) found.push(child), walk(child);
  };
  walk(pid);
  return found;
}

/** Running, not a zombie left for init to reap (a container's init may never reap it). */
/** The service folders (lambda-dojo-*, with an owner.pid) a process made under /var/tmp or the temp folder. */
function foldersOf(pid: number): string[] {
  return [...new Set(['/var/tmp', tmpdir()])].flatMap((parent) => {
    try {
      return readdirSync(parent)
        .filter((name) => name.startsWith('lambda-dojo-'))
        .map((name) => join(parent, name))
        .filter((folder) => existsSync(join(folder, 'owner.pid')) && readFileSync(join(folder, 'owner.pid'), 'utf8').split(' ')[0] === String(pid));
    } catch {
      return [];
    }
  });
}

const alive = (pid: number) => {
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)]).toString().trim().startsWith('Z');
  } catch {
    return false;
  }
};

describe('serve --template with two functions and a layer', () => {
  const running = serve(['--template', template, '--port', '0', '--outputs', outputsFile]);
  let outputs: { endpoint: string; functions: Record<string, { name: string; arn: string }> };
  const lambda = () => new LambdaClient({ endpoint: outputs.endpoint, region: 'us-east-1', credentials: anyCredentials });
  beforeAll(async () => {
    await running.ready;
    outputs = JSON.parse(readFileSync(outputsFile, 'utf8'));
  });
  afterAll(() => {
    running.child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes the outputs file: the endpoint, each function\'s name and ARN, and each table\'s, by logical id', () => {
    expect(outputs.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(outputs).toEqual({
      endpoint: outputs.endpoint,
      functions: {
        GreeterFunction: { name: 'two-functions-greeter-dev', arn: 'arn:aws:lambda:us-east-1:123456789012:function:two-functions-greeter-dev' },
        ShouterFunction: { name: 'ShouterFunction', arn: 'arn:aws:lambda:us-east-1:123456789012:function:ShouterFunction' },
      },
      tables: { Table: { name: 'greetings-dev', arn: 'arn:aws:dynamodb:us-east-1:123456789012:table/greetings-dev' } },
      // The run's cost estimate, nothing spent yet when the file is written.
      cost: { run: expect.objectContaining({ functions: {}, total: { requests: 0, gbSeconds: 0, usd: 0, anomalies: 0 } }) },
    });
  });

  it('lists the resource it does not emulate once, and the property it ignores', () => {
    expect(running.output().match(/Not emulated \(listed, not started\): Alerts \(AWS::SNS::Topic\)/g)).toHaveLength(1);
    expect(running.output()).toMatch(/Properties not emulated .*ShouterFunction\.Policies/);
    expect(running.output()).toMatch(/ShouterFunction\.Events \(Nightly: Schedule\)/);
  });

  it('runs the Node.js function with Globals, parameters, the layer and its alias, and AWS_ENDPOINT_URL set to the endpoint', async () => {
    const out = await lambda().send(new InvokeCommand({ FunctionName: outputs.functions.GreeterFunction!.name, Qualifier: 'live', Payload: '{"name":"Ada"}' }));
    expect(out.ExecutedVersion).toBe('1');
    expect(JSON.parse(Buffer.from(out.Payload!).toString('utf8'))).toEqual({
      message: 'Hello, Ada!',
      stage: 'dev',
      memory: '256',
      shouter: outputs.functions.ShouterFunction!.arn,
      peers: 'ShouterFunction,dev',
      endpoint: outputs.endpoint,
    });
  });

  it('runs the Python function with its own Timeout over the global one and the layer on its path', async () => {
    const out = await lambda().send(new InvokeCommand({ FunctionName: 'ShouterFunction', Payload: '{"text":"hey"}' }));
    expect(JSON.parse(Buffer.from(out.Payload!).toString('utf8'))).toMatchObject({ message: 'HEY!', stage: 'dev', table: 'greetings-dev', function: 'ShouterFunction' });
    const config = await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: 'ShouterFunction' }));
    expect(config).toMatchObject({ Timeout: 10, MemorySize: 256, Runtime: 'python3.12' });
    expect(config.Layers?.map((l) => l.Arn)).toEqual(['arn:aws:lambda:us-east-1:123456789012:layer:shared-dev:1']);
  });

  const awsCli = (() => {
    try {
      execFileSync('aws', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!awsCli)('the AWS CLI, where installed, invokes a function and encrypts and decrypts with nothing but AWS_ENDPOINT_URL and any credentials', async () => {
    const env = { ...process.env, AWS_ENDPOINT_URL: outputs.endpoint, AWS_ACCESS_KEY_ID: 'any', AWS_SECRET_ACCESS_KEY: 'any', AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    const answer = join(folder, 'answer.json');
    const result = await execa('aws', ['lambda', 'invoke', '--function-name', 'ShouterFunction', '--payload', '{"text":"cli"}', '--log-type', 'Tail', answer], { env, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(JSON.parse(readFileSync(answer, 'utf8')).message).toBe('CLI!');
    const missing = await execa('aws', ['lambda', 'get-function', '--function-name', 'nobody'], { env, reject: false });
    expect(missing.stderr).toMatch(/\(ResourceNotFoundException\) when calling the GetFunction operation: Function not found/);
    // fileb:// reads raw bytes in both AWS CLI v1 and v2 (their blob arguments differ otherwise).
    const plain = join(folder, 'plain.txt');
    writeFileSync(plain, 'via cli');
    const encrypted = await execa('aws', ['kms', 'encrypt', '--key-id', 'alias/lab', '--plaintext', `fileb://${plain}`, '--query', 'CiphertextBlob', '--output', 'text'], { env, reject: false });
    expect(encrypted.exitCode, encrypted.stderr).toBe(0);
    const blob = join(folder, 'blob.bin');
    writeFileSync(blob, Buffer.from(encrypted.stdout.trim(), 'base64'));
    const decrypted = await execa('aws', ['kms', 'decrypt', '--ciphertext-blob', `fileb://${blob}`, '--query', 'Plaintext', '--output', 'text'], { env, reject: false });
    expect(Buffer.from(decrypted.stdout.trim(), 'base64').toString('utf8')).toBe('via cli');
  });

  it('ends on SIGTERM with exit code 0, no function process left and its folders removed', async () => {
    const pids = descendants(running.child.pid!);
    expect(pids.length).toBeGreaterThan(0);
    const folders = foldersOf(running.child.pid!);
    expect(folders.length).toBeGreaterThan(0);
    running.child.kill('SIGTERM');
    const result = await running.child;
    expect(result.exitCode, running.output()).toBe(0);
    expect(running.output()).toMatch(/SIGTERM: stopping\./);
    expect(pids.filter(alive)).toEqual([]);
    expect(folders.filter((f) => existsSync(f))).toEqual([]);
  });
});

describe('serve refuses what it cannot do in one line', () => {
  it('a port in use names the port and the fix', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await cli(['serve', '--template', template, '--port', String(port)]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr.trim()).toBe(`Port ${port} on 127.0.0.1 is in use (another serve, or another local AWS endpoint): stop it, or choose another port with --port ${port + 1}.`);
    } finally {
      blocker.close();
    }
  });

  it('a template error names the file, the resource and the property, and exits 2', async () => {
    const result = await cli(['serve', '--template', template, '--port', '0', '--parameter-overrides', 'Stage=test']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe(`${template}: Parameters.Stage: value 'test' is not one of its AllowedValues (dev, prod).`);
  });

  it('ends on SIGHUP (a closed terminal) as well', async () => {
    const running = serve(['--template', template, '--port', '0', '--quiet']);
    await running.ready;
    running.child.kill('SIGHUP');
    expect((await running.child).exitCode, running.output()).toBe(0);
  });

  it('with no template, starts an endpoint in the --region given, where the SDK creates and invokes a function, and makes queues and tables that Lambda and DynamoDB use', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'serve-empty-'));
    const running = serve(['--port', '0', '--region', 'eu-west-1', '--quiet', '--outputs', 'out.json'], empty);
    try {
      await running.ready;
      expect(running.output()).toMatch(/No template .*: an endpoint without functions on http:\/\/127\.0\.0\.1:\d+/);
      const outputs = JSON.parse(readFileSync(join(empty, 'out.json'), 'utf8'));
      expect(outputs.functions).toEqual({});
      const lambda = new LambdaClient({ endpoint: outputs.endpoint, region: 'eu-west-1', credentials: anyCredentials });
      const code = makeZip({ 'index.mjs': 'export const handler = async () => process.env.AWS_REGION;' });
      const created = await lambda.send(new CreateFunctionCommand({ FunctionName: 'where', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'r', Code: { ZipFile: code } }));
      expect(created.FunctionArn).toBe('arn:aws:lambda:eu-west-1:123456789012:function:where');
      await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60, minDelay: 1 }, { FunctionName: 'where' });
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'where' }));
      expect(JSON.parse(Buffer.from(out.Payload!).toString('utf8'))).toBe('eu-west-1');

      // A queue made with the SDK is a function's dead-letter queue; a table made with the SDK takes items.
      const sqs = new SQSClient({ endpoint: outputs.endpoint, region: 'eu-west-1', credentials: anyCredentials });
      const queue = await sqs.send(new CreateQueueCommand({ QueueName: 'failed' }));
      const failing = makeZip({ 'index.mjs': "export const handler = async () => { throw new Error('nope'); };" });
      await lambda.send(new CreateFunctionCommand({ FunctionName: 'fails', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'r', Code: { ZipFile: failing }, DeadLetterConfig: { TargetArn: 'arn:aws:sqs:eu-west-1:123456789012:failed' } }));
      await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60, minDelay: 1 }, { FunctionName: 'fails' });
      await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'fails', MaximumRetryAttempts: 0 }));
      await lambda.send(new InvokeCommand({ FunctionName: 'fails', InvocationType: 'Event', Payload: '{"order":1}' }));
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, WaitTimeSeconds: 20, MessageAttributeNames: ['All'] }));
      expect(received.Messages?.[0]?.Body).toBe('{"order":1}');
      expect(received.Messages?.[0]?.MessageAttributes?.ErrorMessage?.StringValue).toBe('nope');
      const ddb = new DynamoDBClient({ endpoint: outputs.endpoint, region: 'eu-west-1', credentials: anyCredentials });
      await ddb.send(new CreateTableCommand({ TableName: 'notes', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }));
      await ddb.send(new PutItemCommand({ TableName: 'notes', Item: { id: { S: 'a' } } }));
      expect((await ddb.send(new GetItemCommand({ TableName: 'notes', Key: { id: { S: 'a' } } }))).Item).toEqual({ id: { S: 'a' } });
      running.child.kill('SIGINT');
      expect((await running.child).exitCode).toBe(0);
    } finally {
      running.child.kill('SIGKILL');
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
