// The asynchronous event queue on its own, with a function stand-in that answers as told and a
// clock the test moves: how many times an event runs, when it is given up (retries exhausted or
// too old), and what each ending carries to the dead-letter queue and destinations.

import { describe, expect, it } from 'vitest';
import { EventInvokeConfigs, type AsyncSettings } from '../../src/runtime/invoke/async-config.ts';
import { AsyncInvocations } from '../../src/runtime/invoke/async-invocations.ts';
import type { InvocationInput } from '../../src/runtime/invoke/invoker.ts';
import type { FunctionVersion } from '../../src/runtime/registry/function-registry.ts';
import type { AsyncInvocationResult, InvokeOutput } from '../../src/runtime/types.ts';

const arn = 'arn:aws:lambda:us-east-1:123456789012:function:orders';
const version = { config: { FunctionName: 'orders', Version: '$LATEST' } } as unknown as FunctionVersion;

function answer(failed: boolean): InvokeOutput {
  const payload = failed ? { errorType: 'Error', errorMessage: 'out of stock' } : { ok: true };
  return { StatusCode: 200, Payload: Buffer.from(JSON.stringify(payload)), ExecutedVersion: '$LATEST', RequestId: 'r', Logs: [], Report: {} as InvokeOutput['Report'], ...(failed ? { FunctionError: 'Unhandled' as const } : {}) };
}

function queue(settings: Partial<AsyncSettings>, outcomes: boolean[], runMs = 1_000) {
  let clock = 1_000_000;
  const runs: number[] = [];
  const results: AsyncInvocationResult[] = [];
  const invocations = new AsyncInvocations({
    run: async () => {
      runs.push(clock);
      const failed = outcomes[runs.length - 1] ?? true;
      clock += runMs;
      return answer(failed);
    },
    retryDelaysMs: [5, 5],
    isLive: () => true,
    settingsFor: () => ({ functionArn: `${arn}:$LATEST`, retryAttempts: 2, maxEventAgeMs: 21_600_000, ...settings }),
    onResult: (result) => results.push(result),
    now: () => clock,
  });
  const input: InvocationInput = { version, payload: Buffer.from('{"order":7}'), requestId: 'req-1', invokedFunctionArn: arn };
  return { invocations, input, runs, results, advance: (ms: number) => (clock += ms) };
}

async function settled(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe('asynchronous invocations', () => {
  it('runs a failing event three times by default, then gives it to the dead-letter queue and on-failure destination', async () => {
    const q = queue({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq', onFailure: 'arn:aws:sqs:us-east-1:123456789012:records' }, [true, true, true]);
    q.invocations.start(q.input);
    await settled(() => q.results.length === 1);
    expect(q.runs).toHaveLength(3);
    expect(q.results[0]).toMatchObject({
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
      event: '{"order":7}',
      functionError: 'Unhandled',
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq',
      destination: 'arn:aws:sqs:us-east-1:123456789012:records',
    });
    expect(JSON.parse(q.results[0]!.responsePayload)).toEqual({ errorType: 'Error', errorMessage: 'out of stock' });
    await q.invocations.close();
  });

  it('runs an event once with MaximumRetryAttempts 0', async () => {
    const q = queue({ retryAttempts: 0 }, [true]);
    q.invocations.start(q.input);
    await settled(() => q.results.length === 1);
    expect(q.runs).toHaveLength(1);
    expect(q.results[0]).toMatchObject({ condition: 'RetriesExhausted', approximateInvokeCount: 1 });
    await q.invocations.close();
  });

  it('gives an event up as EventAgeExceeded when its next retry would come after its maximum age', async () => {
    // 60 s of age and each run takes 40 s of clock: the first retry starts at 40 s, the second would at 80 s.
    const q = queue({ maxEventAgeMs: 60_000 }, [true, true, true], 40_000);
    q.invocations.start(q.input);
    await settled(() => q.results.length === 1);
    expect(q.runs).toHaveLength(2);
    expect(q.results[0]).toMatchObject({ condition: 'EventAgeExceeded', approximateInvokeCount: 2 });
    await q.invocations.close();
  });

  it('tells a success only when it has an on-success destination', async () => {
    const silent = queue({}, [false]);
    silent.invocations.start(silent.input);
    await settled(() => silent.runs.length === 1);
    await silent.invocations.close();
    expect(silent.results).toEqual([]);

    const told = queue({ onSuccess: `${arn}:recorder`, deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq' }, [true, false]);
    told.invocations.start(told.input);
    await settled(() => told.results.length === 1);
    expect(told.results[0]).toMatchObject({ condition: 'Success', approximateInvokeCount: 2, destination: `${arn}:recorder`, responsePayload: '{"ok":true}' });
    // A success never goes to the dead-letter queue.
    expect(told.results[0]!.deadLetterTargetArn).toBeUndefined();
    await told.invocations.close();
  });

  it('sends an event stopped before it ran (recursive loop detection) where failures go, with no invocation counted', () => {
    const q = queue({ onFailure: 'arn:aws:sqs:us-east-1:123456789012:records' }, []);
    q.invocations.drop(q.input, { errorType: 'RecursiveInvocationException', errorMessage: 'stopped' });
    expect(q.runs).toHaveLength(0);
    expect(q.results[0]).toMatchObject({ condition: 'RetriesExhausted', approximateInvokeCount: 0, functionError: 'Unhandled' });
  });
});

describe('event invoke configurations', () => {
  it('keeps one configuration per qualifier and reads $LATEST for an unqualified ARN', () => {
    const configs = new EventInvokeConfigs();
    configs.put('orders', `${arn}:$LATEST`, { MaximumRetryAttempts: 1 });
    configs.put('orders', `${arn}:live`, { MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:records' } } });
    expect(configs.settings('orders', arn, undefined)).toMatchObject({ functionArn: `${arn}:$LATEST`, retryAttempts: 1 });
    expect(configs.settings('orders', `${arn}:live`, 'arn:aws:sqs:us-east-1:123456789012:dlq')).toMatchObject({
      functionArn: `${arn}:live`,
      retryAttempts: 0,
      maxEventAgeMs: 21_600_000,
      onFailure: 'arn:aws:sqs:us-east-1:123456789012:records',
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq',
    });
    expect(configs.settings('orders', `${arn}:7`, undefined)).toMatchObject({ retryAttempts: 2, maxEventAgeMs: 21_600_000 });
    configs.forget('orders', 'live');
    expect(configs.list('orders').map((c) => c.FunctionArn)).toEqual([`${arn}:$LATEST`]);
  });
});
