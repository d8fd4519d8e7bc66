// Asynchronous (Event) invocations: queued, run, and retried after a function error with waits
// between (Lambda: up to 2 retries, about 1 and then 2 minutes apart), until the event succeeds,
// runs out of retries or outlives its maximum age. Each ending is told as an AsyncInvocationResult
// naming where Lambda sends it on (the dead-letter queue, the destination for the condition).
// Source: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html

import type { FunctionVersion } from '../registry/function-registry.ts';
import type { AsyncInvocationResult, InvokeOutput } from '../types.ts';
import type { AsyncSettings } from './async-config.ts';
import type { InvocationInput } from './invoker.ts';

export interface AsyncInvocationOptions {
  run: (input: InvocationInput) => Promise<InvokeOutput>;
  /** Waits before the retries (Lambda: about 1 and 2 minutes); the last one repeats if there are more retries. */
  retryDelaysMs: number[];
  isLive: (version: FunctionVersion) => boolean;
  /** The settings of the function, version or alias the event was sent to, read when it is accepted. */
  settingsFor: (input: InvocationInput) => AsyncSettings;
  /** Every failure, and a success when it has an on-success destination. */
  onResult: (result: AsyncInvocationResult) => void;
  /** The time in epoch milliseconds (a test may move it). */
  now?: () => number;
}

interface QueuedEvent {
  input: InvocationInput;
  settings: AsyncSettings;
  acceptedAt: number;
  /** How many times the function has run this event. */
  attempts: number;
}

export class AsyncInvocations {
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<unknown>>();
  private closed = false;
  private readonly options: AsyncInvocationOptions;
  private readonly now: () => number;

  constructor(options: AsyncInvocationOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  start(input: InvocationInput): void {
    this.attempt({ input, settings: this.options.settingsFor(input), acceptedAt: this.now(), attempts: 0 });
  }

  /**
   * An event accepted and never run (recursive loop detection stopped it): it goes where failed
   * events go, with Lambda's error as the response. AWS documents no condition of its own for it,
   * so the record says RetriesExhausted with no invocation.
   */
  drop(input: InvocationInput, error: { errorType: string; errorMessage: string }): void {
    const event: QueuedEvent = { input, settings: this.options.settingsFor(input), acceptedAt: this.now(), attempts: 0 };
    this.finish(event, 'RetriesExhausted', { statusCode: 200, functionError: 'Unhandled', payload: JSON.stringify(error) });
  }

  private attempt(event: QueuedEvent): void {
    if (this.closed) return;
    const execution = this.options
      .run(event.input)
      .then((output) => {
        event.attempts += 1;
        const response = { statusCode: output.StatusCode, payload: output.Payload.toString('utf8'), ...(output.FunctionError ? { functionError: output.FunctionError } : {}) };
        if (!output.FunctionError) return this.finish(event, 'Success', response);
        if (this.closed) return;
        if (event.attempts > event.settings.retryAttempts) return this.finish(event, 'RetriesExhausted', response);
        const delays = this.options.retryDelaysMs;
        const delay = delays[event.attempts - 1] ?? delays.at(-1) ?? 0;
        if (this.now() + delay - event.acceptedAt > event.settings.maxEventAgeMs) return this.finish(event, 'EventAgeExceeded', response);
        const timer = setTimeout(() => {
          this.pending.delete(timer);
          if (this.options.isLive(event.input.version)) this.attempt(event);
        }, delay);
        this.pending.add(timer);
      })
      .catch((error: Error & { statusCode?: number }) => {
        // Refused before it ran (the function was deleted, the service is closing): Lambda's error.
        this.finish(event, 'RetriesExhausted', { statusCode: error.statusCode ?? 500, functionError: 'Unhandled', payload: JSON.stringify({ errorType: error.name, errorMessage: error.message }) });
      })
      .finally(() => this.running.delete(execution));
    this.running.add(execution);
  }

  private finish(event: QueuedEvent, condition: AsyncInvocationResult['condition'], response: { statusCode: number; payload: string; functionError?: string }): void {
    const { settings, input } = event;
    const destination = condition === 'Success' ? settings.onSuccess : settings.onFailure;
    if (condition === 'Success' && destination === undefined) return;
    this.options.onResult({
      functionName: input.version.config.FunctionName,
      functionArn: settings.functionArn,
      requestId: input.requestId,
      condition,
      approximateInvokeCount: event.attempts,
      event: input.payload.toString('utf8'),
      statusCode: response.statusCode,
      executedVersion: input.version.config.Version,
      ...(response.functionError ? { functionError: response.functionError } : {}),
      responsePayload: response.payload,
      timestamp: this.now(),
      ...(condition !== 'Success' && settings.deadLetterTargetArn ? { deadLetterTargetArn: settings.deadLetterTargetArn } : {}),
      ...(destination ? { destination } : {}),
    });
  }

  /** Cancels retries not yet due and waits for the invocations under way. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    await Promise.allSettled([...this.running]);
  }
}
