// Asynchronous (Event) invocations: queued, run, and retried twice after a function error with
// waits between, as Lambda does; an event that still fails is reported as a failure.
// Source: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html

import type { FunctionVersion } from '../registry/function-registry.ts';
import type { InvokeOutput } from '../types.ts';
import type { InvocationInput } from './invoker.ts';

export interface AsyncFailure {
  functionName: string;
  requestId: string;
  payload: string;
}

export interface AsyncInvocationOptions {
  run: (input: InvocationInput) => Promise<InvokeOutput>;
  /** Waits before the retries (Lambda: about 1 and 2 minutes). */
  retryDelaysMs: number[];
  isLive: (version: FunctionVersion) => boolean;
  onFailure: (failure: AsyncFailure) => void;
}

export class AsyncInvocations {
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<unknown>>();
  private closed = false;

  private readonly options: AsyncInvocationOptions;

  constructor(options: AsyncInvocationOptions) {
    this.options = options;
  }

  start(input: InvocationInput, attempt = 0): void {
    const functionName = input.version.config.FunctionName;
    const execution = this.options
      .run(input)
      .then((output) => {
        if (!output.FunctionError || this.closed) return;
        const delay = this.options.retryDelaysMs[attempt];
        if (delay === undefined) return this.options.onFailure({ functionName, requestId: input.requestId, payload: output.Payload.toString('utf8') });
        const timer = setTimeout(() => {
          this.pending.delete(timer);
          if (this.options.isLive(input.version)) this.start(input, attempt + 1);
        }, delay);
        this.pending.add(timer);
      })
      .catch((error: Error) => {
        this.options.onFailure({ functionName, requestId: input.requestId, payload: JSON.stringify({ errorType: error.name, errorMessage: error.message }) });
      })
      .finally(() => this.running.delete(execution));
    this.running.add(execution);
  }

  /** Cancels retries not yet due and waits for the invocations under way. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    await Promise.allSettled([...this.running]);
  }
}
