// Recursive loop detection through the local endpoint: real functions whose own runtime SDK
// (Node.js SDK v3, boto3) forwards _X_AMZN_TRACE_ID as X-Amzn-Trace-Id, and the official Lambda
// client outside. Lambda stops a chain after 16 invocations of one function
// (aws.amazon.com/blogs/compute/detecting-and-stopping-recursive-loops-in-aws-lambda-functions/).

import { CreateFunctionCommand, GetFunctionRecursionConfigCommand, InvokeCommand, InvokeWithResponseStreamCommand, LambdaClient, PutFunctionRecursionConfigCommand, RecursiveInvocationException, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployTemplate } from '../../src/template/deploy.ts';
import { loadTemplate } from '../../src/template/load.ts';
import type { RecursiveInvocationDropped } from '../../src/runtime/service.ts';
import type { AsyncInvocationResult } from '../../src/runtime/types.ts';
import { lineageHash, nextHop, parseTraceHeader } from '../../src/runtime/invoke/recursion.ts';
import { sdkPort } from '../../src/triggers/ports/sdk-port.ts';
import { anyCredentials, makeZip, useEndpoint } from '../support/endpoint.ts';

const endpoint = useEndpoint();
const client = () => new LambdaClient({ endpoint: endpoint().url, region: 'us-east-1', credentials: anyCredentials });
const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

// Invokes itself asynchronously until event.stopAt, logging each hop and its trace header.
const selfInvokingNode = `
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
const lambda = new LambdaClient({});
export const handler = async (event) => {
  console.log('HOP', event.hop, process.env._X_AMZN_TRACE_ID);
  if (event.hop < event.stopAt) {
    await lambda.send(new InvokeCommand({ FunctionName: process.env.AWS_LAMBDA_FUNCTION_NAME, InvocationType: 'Event', Payload: JSON.stringify({ hop: event.hop + 1, stopAt: event.stopAt }) }));
  }
  return { trace: process.env._X_AMZN_TRACE_ID };
};`;

const selfInvokingPython = `
import json, os, boto3
lam = boto3.client('lambda')
def handler(event, context):
    print('HOP', event['hop'], os.environ.get('_X_AMZN_TRACE_ID'))
    if event['hop'] < event['stopAt']:
        lam.invoke(FunctionName=os.environ['AWS_LAMBDA_FUNCTION_NAME'], InvocationType='Event', Payload=json.dumps({'hop': event['hop'] + 1, 'stopAt': event['stopAt']}))
    return {'trace': os.environ.get('_X_AMZN_TRACE_ID')}
`;

async function create(name: string, runtime: 'nodejs22.x' | 'python3.12'): Promise<void> {
  const lambda = client();
  const files: Record<string, string> = runtime === 'nodejs22.x' ? { 'index.mjs': selfInvokingNode } : { 'index.py': selfInvokingPython };
  await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: runtime, Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/test', Timeout: 10, Code: { ZipFile: makeZip(files) } }));
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 120, minDelay: 1 }, { FunctionName: name });
}

/** Runs a self-invoking chain from one outside invoke; resolves with the hops that ran and the drop, if any. */
async function runChain(name: string, stopAt: number): Promise<{ hops: number[]; traces: string[]; dropped?: RecursiveInvocationDropped }> {
  const service = endpoint().service;
  const hops: number[] = [];
  const traces: string[] = [];
  const onLog = (event: { functionName: string; stream: string; message: string }) => {
    const match = event.functionName === name && event.stream === 'function' ? /HOP (\d+) (\S+)/.exec(event.message) : null;
    if (match) {
      hops.push(Number(match[1]));
      traces.push(match[2]!);
    }
  };
  service.on('log', onLog);
  try {
    const done = new Promise<RecursiveInvocationDropped | undefined>((resolve) => {
      let drop: RecursiveInvocationDropped | undefined;
      const onDrop = (event: RecursiveInvocationDropped) => {
        if (event.functionName === name) drop = event;
      };
      service.on('recursiveInvocationDropped', onDrop);
      // Done when every hop has logged: those before the drop, or all stopAt of them. Two
      // environments may take turns, so their lines can arrive in either order.
      const poll = setInterval(() => {
        if (hops.length >= stopAt || (drop && hops.length >= drop.invocation - 1)) {
          clearInterval(poll);
          service.off('recursiveInvocationDropped', onDrop);
          resolve(drop);
        }
      }, 50);
      setTimeout(() => clearInterval(poll), 110_000).unref();
    });
    await client().send(new InvokeCommand({ FunctionName: name, Payload: JSON.stringify({ hop: 1, stopAt }) }));
    const dropped = await done;
    hops.sort((a, b) => a - b);
    return { hops, traces, ...(dropped ? { dropped } : {}) };
  } finally {
    service.off('log', onLog);
  }
}

describe('recursive loop detection', () => {
  it('lets a Node.js function that invokes itself through the SDK run 16 times, then drops the 17th event and reports it', async () => {
    await create('loop-node', 'nodejs22.x');
    const failures: string[] = [];
    const onFailure = (f: AsyncInvocationResult) => f.functionName === 'loop-node' && failures.push(f.responsePayload);
    endpoint().service.on('asyncResult', onFailure);
    const { hops, traces, dropped } = await runChain('loop-node', 100);
    endpoint().service.off('asyncResult', onFailure);
    expect(hops).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(dropped).toMatchObject({ functionName: 'loop-node', invocationType: 'Event', invocation: 17 });
    // The dropped event goes where failed asynchronous events go (a DLQ or on-failure destination).
    expect(failures.map((p) => JSON.parse(p).errorType)).toEqual(['RecursiveInvocationException']);
    // One trace for the whole chain; the lineage counts this function's hops from 0.
    const parsed = traces.map((t) => parseTraceHeader(t)!);
    expect(new Set(parsed.map((p) => p.root)).size).toBe(1);
    expect(parsed.map((p) => p.lineage.get(lineageHash(arn('loop-node'))!)).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 16 }, (_, i) => i));
  }, 120_000);

  it('lets a Python function that invokes itself through boto3 run 16 times, then drops the 17th', async () => {
    await create('loop-python', 'python3.12');
    const { hops, dropped } = await runChain('loop-python', 100);
    expect(hops).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(dropped).toMatchObject({ functionName: 'loop-python', invocation: 17 });
  }, 120_000);

  it('lets the chain go on past 16 once PutFunctionRecursionConfig sets RecursiveLoop to Allow', async () => {
    const lambda = client();
    expect((await lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'loop-node' }))).RecursiveLoop).toBe('Terminate');
    const put = await lambda.send(new PutFunctionRecursionConfigCommand({ FunctionName: 'loop-node', RecursiveLoop: 'Allow' }));
    expect(put.RecursiveLoop).toBe('Allow');
    expect((await lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'loop-node' }))).RecursiveLoop).toBe('Allow');
    try {
      const { hops, dropped } = await runChain('loop-node', 20);
      expect(dropped).toBeUndefined();
      expect(hops).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    } finally {
      await lambda.send(new PutFunctionRecursionConfigCommand({ FunctionName: 'loop-node', RecursiveLoop: 'Terminate' }));
    }
  }, 120_000);

  it('answers a synchronous 17th invocation with RecursiveInvocationException, and runs the 16th', async () => {
    const lambda = client();
    const withTrace = (header: string) => {
      const command = new InvokeCommand({ FunctionName: 'loop-node', Payload: JSON.stringify({ hop: 1, stopAt: 1 }) });
      command.middlewareStack.add((next) => (args) => ((args.request as { headers: Record<string, string> }).headers['X-Amzn-Trace-Id'] = header, next(args)), { step: 'build' });
      return command;
    };
    // A header as the function's SDK would send it from its 15th and 16th invocation.
    const root = '1-6750a3c1-0123456789abcdef01234567';
    const fifteenth = `Root=${root};Parent=53995c3f42cd8ad8;Sampled=0;Lineage=${lineageHash(arn('loop-node'))}:14`;
    const ran = await lambda.send(withTrace(fifteenth));
    const trace = parseTraceHeader(JSON.parse(Buffer.from(ran.Payload!).toString()).trace)!;
    expect(trace.root).toBe(root);
    expect(trace.lineage.get(lineageHash(arn('loop-node')))).toBe(15);

    const sixteenth = nextHop(fifteenth, arn('loop-node')).traceHeader;
    const refused = await lambda.send(withTrace(sixteenth)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RecursiveInvocationException);
    expect((refused as RecursiveInvocationException).$metadata.httpStatusCode).toBe(400);
    expect((refused as Error).message).toMatch(/loop-node.*invocation 17.*RecursiveLoop to Allow/s);

    // InvokeWithResponseStream reads the chain the same way.
    const stream = new InvokeWithResponseStreamCommand({ FunctionName: 'loop-node', Payload: JSON.stringify({ hop: 1, stopAt: 1 }) });
    stream.middlewareStack.add((next) => (args) => ((args.request as { headers: Record<string, string> }).headers['X-Amzn-Trace-Id'] = sixteenth, next(args)), { step: 'build' });
    expect(await lambda.send(stream).catch((error: unknown) => error)).toBeInstanceOf(RecursiveInvocationException);
  }, 60_000);

  it("carries a trigger's trace header through the SDK port as X-Amzn-Trace-Id, so a chain through a trigger is counted too", async () => {
    const port = sdkPort(client(), { region: 'us-east-1', accountId: '123456789012' });
    const header = (count: number) => `Root=1-6750a3c1-0123456789abcdef01234567;Lineage=${lineageHash(arn('loop-node'))}:${count}`;
    const ran = await port.invoke({ functionName: 'loop-node', payload: JSON.stringify({ hop: 1, stopAt: 1 }), traceHeader: header(3) });
    expect(parseTraceHeader(JSON.parse(ran.payload.toString()).trace)!.lineage.get(lineageHash(arn('loop-node')))).toBe(4);
    const refused = await port.invoke({ functionName: 'loop-node', payload: '{}', traceHeader: header(15) }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RecursiveInvocationException);
  });

  it('counts each function of a chain apart: other functions in the lineage do not raise this one', () => {
    const other = `Root=1-6750a3c1-0123456789abcdef01234567;Lineage=${lineageHash(arn('someone-else'))}:15`;
    const hop = nextHop(other, arn('loop-node'));
    expect(hop.invocation).toBe(1);
    expect(parseTraceHeader(hop.traceHeader)!.lineage.get(lineageHash(arn('someone-else')))).toBe(15);
    // A qualifier (version or alias) is the same function.
    expect(lineageHash(`${arn('loop-node')}:prod`)).toBe(lineageHash(arn('loop-node')));
  });

  it('takes RecursiveLoop from a SAM template (Allow) and refuses a value that is neither Allow nor Terminate', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'recursion-template-'));
    try {
      mkdirSync(join(folder, 'fn'));
      writeFileSync(join(folder, 'fn', 'index.mjs'), 'export const handler = async () => ({});');
      const write = (value: string) => {
        writeFileSync(join(folder, 'template.yaml'), `Transform: AWS::Serverless-2016-10-31\nResources:\n  Looper:\n    Type: AWS::Serverless::Function\n    Properties:\n      FunctionName: looper-${value}\n      CodeUri: fn\n      Handler: index.handler\n      Runtime: nodejs22.x\n      RecursiveLoop: ${value}\n`);
        return loadTemplate(join(folder, 'template.yaml'));
      };
      await deployTemplate(write('Allow'), endpoint().service);
      expect(endpoint().service.getFunctionRecursionConfig('looper-Allow').RecursiveLoop).toBe('Allow');
      await expect(deployTemplate(write('Stop'), endpoint().service)).rejects.toThrow(/Looper.*RecursiveLoop.*"Stop" is not allowed: use Terminate .* or Allow/s);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
