// One list of behaviours, run against every runtime: where a runtime differs from Lambda's
// documented behaviour, that is a bug in the runtime, not an exception to write down here.
// Each runtime family runs them from a test file of its own (behaviours-<family>.test.ts), so
// the families run in parallel.

import { describe, expect, it } from 'vitest';
import { CodeBuildError } from '../../src/runtime/errors.ts';
import type { FunctionConfigurationInput } from '../../src/runtime/types.ts';
import { runtimesUnderTest, type Behaviour, type RuntimeUnderTest } from '../support/runtimes.ts';
import { json, useService } from '../support/service.ts';

const MB = 1024 * 1024;

let deployed = 0;

/** The behaviours against the runtime of one family; skipped, saying why, when its toolchain is missing. */
export function conformanceOf(family: string): void {
  const runtimes = runtimesUnderTest.filter((t) => t.family === family);
  if (runtimes.length === 0) it.skip(`${family}: its toolchain is not installed (npm run doctor)`, () => {});
  else describe.each(runtimes)('$runtime', behaviours);
}

function behaviours(r: RuntimeUnderTest): void {
  const { runtime, stackKey, plainErrorType } = r;
  const service = useService();
  const create = async (code: string, handler: string, extra: Partial<FunctionConfigurationInput> = {}) => {
    const FunctionName = `conformance-${r.family}-${++deployed}`;
    await service().createFunction({ FunctionName, Runtime: runtime, Handler: handler, Code: { Directory: code }, ...extra });
    return FunctionName;
  };
  const fn = (behaviour: Behaviour, extra: Partial<FunctionConfigurationInput> = {}) => {
    const { code, handler } = r.fixture(behaviour);
    return create(code, handler, extra);
  };
  const invoke = (FunctionName: string, Payload: unknown = {}) => service().invoke({ FunctionName, Payload });

  it('returns the event it was given', async () => {
    const name = await fn('echo');
    const out = await invoke(name, { order: 42, items: ['a', 'b'], nested: { ok: true } });
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(json(out.Payload)).toEqual({ received: { order: 42, items: ['a', 'b'], nested: { ok: true } } });
  });

  it('shapes a thrown error as an Unhandled function error with type, message and stack', async () => {
    const name = await fn('throws');
    const out = await invoke(name, { message: 'card declined' });
    expect(out.FunctionError).toBe('Unhandled');
    const error = json(out.Payload);
    expect(error.errorType).toBe(plainErrorType);
    expect(error.errorMessage).toBe('card declined');
    if (stackKey) {
      expect(Array.isArray(error[stackKey])).toBe(true);
      expect(JSON.stringify(error[stackKey])).toContain('hrows');
    } else {
      expect(error).not.toHaveProperty('stackTrace');
      expect(error).not.toHaveProperty('trace');
    }
    // A function error does not cost the environment: the next call is warm.
    const again = await invoke(name, { message: 'again' });
    expect(again.Report.coldStart).toBe(false);
  });

  it('runs init once and reuses the warm environment', async () => {
    const name = await fn('counter');
    const first = await invoke(name);
    const second = await invoke(name);
    expect(json(first.Payload).count).toBe(1);
    expect(json(second.Payload).count).toBe(2);
    expect(json(second.Payload).pid).toBe(json(first.Payload).pid);
    expect(second.Report.environmentId).toBe(first.Report.environmentId);
    expect(first.Report.coldStart).toBe(true);
    expect(first.Logs.at(-1)).toMatch(/\tInit Duration: \d+\.\d\d ms/);
    expect(second.Report.coldStart).toBe(false);
    expect(second.Logs.at(-1)).not.toContain('Init Duration');
  });

  it('gives concurrent invocations separate environments', async () => {
    const name = await fn('counter');
    const results = await Promise.all([invoke(name), invoke(name), invoke(name)]);
    // Not the pids: each environment has its own PID namespace where the machine allows it, as on Lambda.
    expect(new Set(results.map((r) => r.Report.environmentId)).size).toBe(3);
    expect(results.every((r) => json(r.Payload).count === 1)).toBe(true);
  });

  it('ends a handler stuck in a busy loop at its timeout, with Lambda\'s error and log text', async () => {
    const name = await fn('busy', { Timeout: 1 });
    const out = await invoke(name);
    expect(out.FunctionError).toBe('Unhandled');
    const error = json(out.Payload);
    expect(error.errorType).toBe('Sandbox.Timedout');
    expect(error.errorMessage).toMatch(new RegExp(`^RequestId: ${out.RequestId} Error: Task timed out after 1\\.\\d\\d seconds$`));
    expect(out.Logs).toContain(error.errorMessage);
    expect(out.Logs.at(-1)).toMatch(/\tStatus: timeout$/);
    expect(out.Report.durationMs).toBeGreaterThanOrEqual(1000);
    // The timed-out environment was discarded: the next call starts cold.
    const next = await invoke(name);
    expect(next.Report.coldStart).toBe(true);
    expect(next.Report.environmentId).not.toBe(out.Report.environmentId);
  });

  it('stops a handler whose memory grows past its memory size and reports it as out of memory', async () => {
    const name = await fn('hog', { MemorySize: 128 });
    const out = await invoke(name);
    expect(out.FunctionError).toBe('Unhandled');
    const error = json(out.Payload);
    expect(error.errorType).toBe('Runtime.OutOfMemory');
    expect(error.errorMessage).toBe(`RequestId: ${out.RequestId} Error: Runtime exited with error: signal: killed`);
    expect(out.Report.maxMemoryUsedMB).toBeGreaterThanOrEqual(128);
    expect(out.Logs.at(-1)).toMatch(/\tMemory Size: 128 MB\tMax Memory Used: (\d+) MB/);
    expect(Number(/Max Memory Used: (\d+)/.exec(out.Logs.at(-1)!)![1])).toBeGreaterThanOrEqual(128);
    expect(out.Logs.at(-1)).toMatch(/\tStatus: error\tError Type: Runtime\.OutOfMemory$/);
    const next = await invoke(name, { chunks: 1 });
    expect(next.Report.coldStart).toBe(true);
    expect(json(next.Payload)).toEqual({ chunks: 1 });
  });

  it('fills the context object with the real names and values', async () => {
    const name = await fn('context', { MemorySize: 256, Timeout: 7 });
    const out = await invoke(name);
    const ctx = json(out.Payload);
    expect(ctx.functionName).toBe(name);
    expect(ctx.functionVersion).toBe('$LATEST');
    expect(ctx.invokedFunctionArn).toBe(`arn:aws:lambda:us-east-1:123456789012:function:${name}`);
    expect(ctx.memoryLimitInMB).toBe(256);
    expect(ctx.awsRequestId).toBe(out.RequestId);
    expect(ctx.logGroupName).toBe(`/aws/lambda/${name}`);
    expect(ctx.logStreamName).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(ctx.remainingTimeInMillis).toBeGreaterThan(5_000);
    expect(ctx.remainingTimeInMillis).toBeLessThanOrEqual(7_000);
  });

  it('sets the environment variables Lambda sets, and the function\'s own', async () => {
    const name = await fn('context', { Environment: { Variables: { GREETING: 'hola' } } });
    const { env, cwd } = json((await invoke(name)).Payload);
    expect(env.GREETING).toBe('hola');
    expect(env.AWS_LAMBDA_FUNCTION_NAME).toBe(name);
    expect(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE).toBe('128');
    expect(env.AWS_LAMBDA_FUNCTION_VERSION).toBe('$LATEST');
    expect(env.AWS_LAMBDA_LOG_GROUP_NAME).toBe(`/aws/lambda/${name}`);
    expect(env.AWS_REGION).toBe('us-east-1');
    // Custom runtimes (provided.*) get no AWS_EXECUTION_ENV on Lambda.
    expect(env.AWS_EXECUTION_ENV).toBe(runtime.startsWith('provided') ? null : `AWS_Lambda_${runtime}`);
    expect(env._HANDLER).toBe(r.fixture('context').handler);
    expect(env.TZ).toBe(':UTC');
    expect(env.AWS_LAMBDA_RUNTIME_API).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(env.LAMBDA_TASK_ROOT).toBe(cwd);
    expect(env._X_AMZN_TRACE_ID).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};/);
  });

  it('captures stdout and stderr in the invocation\'s log, between START and END', async () => {
    const name = await fn('logs');
    const out = await invoke(name);
    const start = out.Logs.findIndex((l) => l.startsWith('START RequestId: '));
    const end = out.Logs.findIndex((l) => l.startsWith('END RequestId: '));
    const body = out.Logs.slice(start + 1, end);
    expect(body.some((l) => l.includes('hello from the handler'))).toBe(true);
    expect(body.some((l) => l.includes('a problem, reported'))).toBe(true);
    expect(body).toContain('raw stdout line');
    expect(body).toContain('raw stderr line');
  });

  it('carries a 5 MB payload in and out', async () => {
    const name = await fn('echo');
    const big = 'x'.repeat(5 * MB);
    const out = await invoke(name, { big });
    expect(out.FunctionError).toBeUndefined();
    expect(json(out.Payload).received.big.length).toBe(5 * MB);
  });

  it('reports a process that exits mid-invocation as Runtime.ExitError and replaces it', async () => {
    const name = await fn('exits');
    const out = await invoke(name, { code: 3 });
    expect(json(out.Payload)).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${out.RequestId} Error: Runtime exited with error: exit status 3`,
    });
    expect(out.Logs.at(-1)).toMatch(/\tStatus: error\tError Type: Runtime\.ExitError$/);
    const next = await invoke(name, { code: 4 });
    expect(next.Report.coldStart).toBe(true);
  });

  it('answers a handler that is not there with the runtime\'s not-found error', async () => {
    const name = await fn('no_handler');
    const out = await invoke(name);
    expect(out.FunctionError).toBe('Unhandled');
    const error = json(out.Payload);
    if (r.notFoundErrorType) expect(error.errorType).toBe(r.notFoundErrorType);
    else expect(error).not.toHaveProperty('errorType');
    expect(error.errorMessage).toEqual(expect.any(String));
    const initFailed = out.Logs.some((l) => l.startsWith('INIT_REPORT Init Duration: ') && l.includes('\tStatus: error'));
    // Ruby's and Java's clients look the method up only when they call it: init succeeds, the call fails.
    expect(initFailed).toBe((r.handlerCheckedAt ?? 'init') === 'init');
  });

  it.skipIf(!r.moduleNotFoundErrorType)('answers a handler module that is not there with the runtime\'s import error', async () => {
    const name = await fn('does_not_exist');
    const error = json((await invoke(name)).Payload);
    expect(error.errorType).toBe(r.moduleNotFoundErrorType);
    expect(error.errorMessage).toContain('does_not_exist');
  });

  it('reports a syntax error: at init when interpreted, as a build error with file and line when compiled', async () => {
    const { code, handler, compiled } = r.syntaxError;
    if (compiled) {
      const refused = await create(code, handler).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(CodeBuildError);
      expect(refused).toMatchObject({ file: expect.any(String), line: expect.any(Number) });
      return;
    }
    const error = json((await invoke(await create(code, handler))).Payload);
    expect(error.errorType).toBe(r.syntaxError.errorType ?? 'Runtime.UserCodeSyntaxError');
  });

  it.skipIf(!r.malformedHandler)('answers a handler string it cannot parse with the runtime\'s malformed-handler error', async () => {
    const name = await create(r.fixture('echo').code, r.malformedHandler!);
    const error = json((await invoke(name)).Payload);
    expect(error.errorType).toBe(r.malformedHandlerErrorType ?? 'Runtime.MalformedHandlerName');
  });

  it('fails a result that cannot be turned into JSON with the runtime\'s marshalling error', async () => {
    const out = await invoke(await fn('circular'));
    expect(out.FunctionError).toBe('Unhandled');
    expect(json(out.Payload).errorType).toBe(r.marshalErrorType);
  });

  it('refuses a request payload over 6 MB with RequestTooLargeException', async () => {
    const name = await fn('echo');
    const payload = JSON.stringify({ big: 'x'.repeat(6 * MB) });
    await expect(invoke(name, payload)).rejects.toMatchObject({
      name: 'RequestTooLargeException',
      statusCode: 413,
      message: expect.stringContaining('Request must be smaller than 6291456 bytes for the InvokeFunction operation'),
    });
  });

  it('fails a response over 6 MB with Function.ResponseSizeTooLarge', async () => {
    const name = await fn('big');
    const out = await invoke(name, { size: 6 * MB + 200 });
    expect(out.FunctionError).toBe('Unhandled');
    const error = json(out.Payload);
    expect(error.errorType).toBe('Function.ResponseSizeTooLarge');
    // Lambda's own messages quote 6 MB + 100 bytes as the maximum, and that is what it accepts.
    expect(error.errorMessage).toContain('exceeded maximum allowed payload size (6291556 bytes)');
  });

  it('keeps an environment frozen between invocations: a timer left running fires only in the next one', async () => {
    const name = await fn('timer');
    // 300 ms: the freeze follows the response within moments, even on a loaded machine.
    const first = await invoke(name, { arm: 300 });
    expect(first.Logs.join('\n')).not.toContain('timer fired');
    await new Promise((resolve) => setTimeout(resolve, 800));
    // Longer than the timer: some runtimes (Ruby's threads) count a sleep's time only while not frozen.
    const second = await service().invoke({ FunctionName: name, Payload: { wait: 500 } });
    // Had the timer run while frozen, its line would have been logged before this invocation began.
    const start = second.Logs.findIndex((l) => l.startsWith('START'));
    const fired = second.Logs.findIndex((l) => l.includes('timer fired'));
    expect(second.Report.coldStart).toBe(false);
    expect(fired).toBeGreaterThan(start);
  });
}
