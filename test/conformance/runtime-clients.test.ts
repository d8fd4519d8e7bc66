// Our bootstraps held to AWS's own runtime interface clients: the same handler runs on our
// managed runtime (nodejs24.x, nodejs22.x, python3.x, java17) and as a custom runtime (provided.al2023) whose
// bootstrap execs AWS's client, both on our Runtime API, and the two must answer alike: the
// same payload, the same function error, the same log lines from the runtime.
//
// A subset of the behaviours of behaviours.test.ts: those a runtime client shapes (results,
// errors and their stacks, the context object, log lines, init failures). Timeouts, memory,
// freezing, exits and payload limits are the platform's own and do not depend on the client.
// Where the two differ on purpose, `onPurpose`, `oursOnly` and `answersOnly` below remove the
// difference and say why.

import { chmodSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireEverything } from '../support/requirements.ts';
import { ClientUnavailable, javaClient, nodeClient, nodeClient3, pythonClient, type RuntimeClient } from '../support/runtime-clients.ts';
import { runtimesUnderTest } from '../support/runtimes.ts';
import { fixtures, useService } from '../support/service.ts';

interface Case {
  /** What the case shows, for the test name. */
  shows: string;
  handler: string;
  payload?: unknown;
  /** Invoked with InvokeWithResponseStream: the chunks as they arrive are part of the answer. */
  stream?: boolean;
}

/** Response streaming (awslambda.streamifyResponse), which both Node.js client lines offer. */
const streaming: Case[] = [
  { shows: 'streams a response in chunks', handler: 'streams.handler', payload: { n: 1 }, stream: true },
  { shows: 'streams an HTTP integration response with its prelude', handler: 'stream_http.handler', stream: true },
  { shows: 'reports a failure after the stream began', handler: 'stream_fails.handler', stream: true },
  { shows: 'buffers a streamed response for a plain Invoke', handler: 'streams.handler', payload: { n: 2 } },
];

const shared: Case[] = [
  { shows: 'returns the event it was given', handler: 'echo.handler', payload: { order: 42, items: ['a', 'b'] } },
  { shows: 'shapes a thrown error', handler: 'throws.handler', payload: { message: 'card declined', name: 'OrderError' } },
  { shows: 'fills the context object and the environment', handler: 'context.handler' },
  { shows: 'writes the handler\'s log lines', handler: 'logs.handler' },
  { shows: 'fails a result that cannot be turned into JSON', handler: 'circular.handler' },
  { shows: 'fails init for a handler that is not exported', handler: 'no_handler.handler' },
  { shows: 'fails init for a module that is not there', handler: 'does_not_exist.handler' },
  { shows: 'fails init for a syntax error', handler: 'syntax.handler' },
  { shows: 'fails init for a handler string without a dot', handler: 'echo' },
];

const java = (shows: string, handlerClass: string, payload?: unknown): Case => ({ shows, handler: `example.${handlerClass}::handleRequest`, payload });

/**
 * Java's client writes its own log lines (an error's stack, a LambdaLogger.log call) through
 * the telemetry log descriptor Lambda hands a runtime (_LAMBDA_TELEMETRY_LOG_FD), one framed
 * record each; without it, as here, it drops the error lines and runs log() calls together on
 * stdout. Our Java runtime writes them as they appear in CloudWatch, so Java compares answers only.
 */
const answersOnly = new Set(['java']);

const families: Array<{ client: RuntimeClient; cases: Case[] }> = [
  {
    client: nodeClient,
    cases: [
      ...shared,
      { shows: 'refuses a callback handler on Node.js 24', handler: 'callback.handler' },
      { shows: 'loads a handler from a sub-folder', handler: 'src/app.handler' },
      { shows: 'ends on a promise rejection nobody handles', handler: 'rejects.handler' },
      { shows: 'has no context.succeed any more', handler: 'succeed.handler' },
      ...streaming,
    ],
  },
  {
    client: nodeClient3,
    cases: [
      ...shared,
      { shows: 'answers through the callback of a callback handler', handler: 'callback.handler', payload: { n: 1 } },
      { shows: 'loads a handler from a sub-folder', handler: 'src/app.handler' },
      { shows: 'reports a promise rejection nobody handles', handler: 'rejects.handler' },
      { shows: 'answers through context.succeed', handler: 'succeed.handler', payload: { n: 2 } },
      ...streaming,
    ],
  },
  { client: pythonClient, cases: [...shared, { shows: 'loads a handler from a package', handler: 'pkg/app.handler' }] },
  {
    client: javaClient,
    cases: [
      java('returns the event it was given', 'Echo', { order: 42, items: ['a', 'b'] }),
      java('shapes a thrown exception', 'Throws', { message: 'card declined' }),
      // A null map value (GREETING) is left out, as AWS's aws-lambda-java-serialization does.
      java('fills the context object and the environment', 'Context'),
      java('fails a result that cannot be turned into JSON', 'Circular'),
      java('fails a call to a method that is not there', 'NoHandler'),
      java('fails a call to a class that is not there', 'DoesNotExist'),
      { shows: 'fails a call through a handler string without a method', handler: 'example.Echo::' },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// What may differ, and why.

/** Lines the platform writes (the same code for both), and the service's own notes. */
const platformLine = /^(INIT_START|START RequestId|END RequestId|REPORT RequestId|INIT_REPORT|\[lambda-dojo\])/;

/**
 * A stack frame outside the function's code belongs to the runtime client's own call chain:
 * its files (bootstrap.mjs here, aws-lambda-ric's index.mjs there), the promises it wraps, the
 * way it calls the handler (the RIC as a method, BufferedInvokeProcessor.handler). On purpose,
 * they are different programs. Frames in the function's code are compared by where they point.
 */
const frame = /^\s*at (?:.* \()?(.*?)\)?,?$/;
const clientFrame = (line: string) => frame.test(line) && !line.includes('<task>');
const pythonClientFrame = /^\s*File ".*(bootstrap\.py|awslambdaric)/;

/** Where the client's own files are, named in "Require stack:" lists (on Lambda, /var/runtime/index.mjs). */
const clientFile = /\/[^\s"']*(\/runtimes\/nodejs\/bootstrap\.mjs|\/node_modules\/aws-lambda-ric\/(dist\/)?index\.mjs)/g;

/**
 * Lines only our bootstrap writes, on purpose. nodejs22.x warns about callback handlers: the
 * client's source added that warning after its last 3.x release on npm (3.3.0), in
 * src/WarningForCallbackHandlers.js of aws/aws-lambda-nodejs-runtime-interface-client
 * (commit 2a37745b), and Lambda's nodejs22.x runtime prints it (NODERIC issue #137).
 */
const oursOnly: Record<string, RegExp | undefined> = {
  'nodejs22.x': /\tWARN\tAWS Lambda plans to remove support for callback-based function handlers/,
};

/**
 * The AWS_EXECUTION_ENV variable names the managed runtime (AWS_Lambda_nodejs24.x); custom
 * runtimes get none (DG configuration-envvars.html, "Defined runtime environment variables").
 * The client runs as a custom runtime here, so the value differs by design.
 */
function onPurpose(payload: unknown, family: string): unknown {
  if (payload && typeof payload === 'object' && 'env' in payload) {
    const { env, remainingTimeInMillis, ...rest } = payload as { env: Record<string, unknown>; remainingTimeInMillis: number };
    const { AWS_EXECUTION_ENV: _set, ...others } = env;
    // The time left is read at a different instant; both must be within the 3 s default timeout.
    expect(remainingTimeInMillis).toBeGreaterThan(0);
    expect(remainingTimeInMillis).toBeLessThanOrEqual(3000);
    return { ...rest, env: others };
  }
  // Our Python bootstrap says its init warning in its own words after AWS's opening
  // ("LAMBDA_WARNING: Unhandled exception."): see _INIT_WARNING in python/bootstrap.py.
  if (family === 'python' && typeof payload === 'string' && payload.includes('LAMBDA_WARNING: Unhandled exception.')) {
    return payload.replace(/(LAMBDA_WARNING: Unhandled exception\.).*/, '$1 ...');
  }
  return payload;
}

// ---------------------------------------------------------------------------------------------
// Normalising what is unique to one invocation: ids, times, paths, ports.

function normaliseText(text: string, functionName: string): string {
  return text
    .replaceAll(functionName, '<function>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<request-id>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>')
    .replace(/(file:\/\/)?\/[^\s"'()]*\/[0-9a-f]{32}\/task/g, '<task>')
    .replace(/[0-9a-f]{32}/g, '<id>')
    .replace(/127\.0\.0\.1:\d+/g, '<runtime-api>')
    .replace(/Root=1-[^"\s]+/g, '<trace-id>')
    .replace(clientFile, '<runtime client>');
}

/** A stack reduced to what the function's code put there: its frames by location. */
function functionFrames(lines: string[]): string[] {
  return lines.filter((line) => !clientFrame(line) && !pythonClientFrame.test(line)).map((line) => line.replace(frame, (_all, where: string) => `    at ${where}`));
}

function normalise(value: unknown, functionName: string, family: string): unknown {
  if (typeof value === 'string') return onPurpose(normaliseText(value, functionName), family);
  if (Array.isArray(value)) {
    const items = value.map((item) => (typeof item === 'string' ? normaliseText(item, functionName) : item));
    return (items.every((item) => typeof item === 'string') ? functionFrames(items as string[]) : items).map((item) => normalise(item, functionName, family));
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, inner]) => [key, normalise(inner, functionName, family)]);
    return onPurpose(Object.fromEntries(entries), family);
  }
  return value;
}

/** A log line, with a JSON record in it (Node's "Invoke Error \t{...}") normalised as data. */
function normaliseLine(line: string, functionName: string, family: string): unknown {
  const start = line.indexOf('{');
  if (start >= 0 && line.endsWith('}')) {
    try {
      return [normaliseText(line.slice(0, start), functionName), normalise(JSON.parse(line.slice(start)), functionName, family)];
    } catch {
      // not JSON after all: compare as text
    }
  }
  return normalise(line, functionName, family);
}

/**
 * When init fails, the environment ends as soon as the runtime posts its error (as on Lambda),
 * so whatever the runtime writes after posting (Node's own print-out of the error it rethrows)
 * is logged or not depending on timing. Compared: the lines up to the runtime's record of the
 * error, which it writes before posting.
 */
function afterInitErrorDropped(logs: string[], errorType: unknown): string[] {
  const failedInit = logs.some((line) => line.startsWith('INIT_REPORT') && line.includes('Status: error'));
  if (!failedInit || typeof errorType !== 'string') return logs;
  const record = logs.findIndex((line) => !platformLine.test(line) && line.includes(errorType));
  return record < 0 ? logs : [...logs.slice(0, record + 1), ...logs.slice(record + 1).filter((line) => platformLine.test(line))];
}

/** A payload as JSON, or as text when it is not JSON (a streamed body). */
function jsonOrText(payload: Uint8Array | string): unknown {
  const text = Buffer.from(payload).toString();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

interface Answer {
  functionError: string | undefined;
  payload: unknown;
  logs: unknown[];
  /** For a streamed invocation: the chunks, joined, and how the stream was typed and framed. */
  streamed?: { body: string; contentType: string | undefined; prelude: unknown };
}

// ---------------------------------------------------------------------------------------------

let deployed = 0;

for (const { client, cases } of families) {
  const local = runtimesUnderTest.find((r) => r.family === client.family);
  const ours = client.runtime ?? local?.runtime;
  describe.runIf(local || requireEverything)(`${ours}: our bootstrap answers as AWS's ${client.name} ${client.version}`, () => {
    const service = useService();
    let withClient: string | undefined;
    let unavailable: string | undefined;

    beforeAll(async () => {
      try {
        const bootstrap = await client.bootstrap();
        withClient = mkdtempSync(join(tmpdir(), `ric-${client.family}-`));
        if (client.prepare) await client.prepare(fixtures(client.family), withClient);
        else cpSync(fixtures(client.family), withClient, { recursive: true });
        writeFileSync(join(withClient, 'bootstrap'), bootstrap);
        chmodSync(join(withClient, 'bootstrap'), 0o755);
      } catch (error) {
        if (!(error instanceof ClientUnavailable)) throw error;
        unavailable = error.message;
        // In CI the comparison must run: a client that cannot be built fails the suite.
        if (requireEverything) throw error;
        console.warn(`Skipping the comparison with AWS's ${client.name}: ${unavailable}`);
      }
    }, 25 * 60_000); // a first build of aws-lambda-ric compiles curl and aws-lambda-cpp

    afterAll(() => {
      if (withClient) rmSync(withClient, { recursive: true, force: true });
    });

    const answer = async (runtime: string, code: string, { handler, payload, stream }: Case): Promise<Answer> => {
      const FunctionName = `ric-${client.family}-${++deployed}`;
      await service().createFunction({ FunctionName, Runtime: runtime, Handler: handler, Code: { Directory: code } });
      const chunks: Buffer[] = [];
      const out = stream
        ? await service().invokeWithResponseStream({ FunctionName, Payload: payload ?? {}, onChunk: (chunk) => chunks.push(chunk) })
        : await service().invoke({ FunctionName, Payload: payload ?? {} });
      const extra = runtime === ours ? oursOnly[runtime] : undefined;
      const logged = afterInitErrorDropped(out.Logs, (jsonOrText(out.Payload) as { errorType?: unknown } | undefined)?.errorType).filter((line) => !platformLine.test(line) && !extra?.test(line));
      const lines = functionFrames(logged.map((line) => normaliseText(line, FunctionName)));
      return {
        functionError: out.FunctionError,
        payload: normalise(jsonOrText(out.Payload), FunctionName, client.family),
        logs: answersOnly.has(client.family) ? [] : lines.map((line) => normaliseLine(line, FunctionName, client.family)),
        ...(stream || out.ResponseStreamContentType ? { streamed: { body: Buffer.concat(chunks).toString(), contentType: out.ResponseStreamContentType, prelude: out.ResponsePrelude } } : {}),
      };
    };

    for (const c of cases) {
      it(`${c.shows} (${c.handler})`, async (test) => {
        if (unavailable) test.skip(`AWS's ${client.name} is not available here: ${unavailable}`);
        const [theirs, mine] = await Promise.all([answer('provided.al2023', withClient!, c), answer(ours!, fixtures(client.family), c)]);
        // A streamed case that streamed nothing would compare two empty answers.
        if (c.stream) expect(theirs.streamed?.body).toMatch(/\S/);
        expect(mine).toEqual(theirs);
      });
    }
  });
}
