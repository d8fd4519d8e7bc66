// The record of each invocation that ran or was throttled ('invocation' on the service), from
// which metrics and cost are made: what ran, when, how many ran at once, and its report. Most
// services have nobody listening (a grader, a one-shot invoke), so the record is only put
// together when someone is; the counts of invocations under way are kept either way, so a
// listener that comes later still gets true ConcurrentExecutions.

import { LambdaServiceError } from '../errors.ts';
import type { InvocationRecord, InvokeOutput } from '../types.ts';
import type { InvocationInput } from './invoker.ts';

export interface InvocationRecordsOptions {
  /** Is anyone listening for records now? */
  listening: () => boolean;
  tell: (record: InvocationRecord) => void;
}

export class InvocationRecords {
  /** Invocations under way, by function name, and in all. */
  private readonly underWay = new Map<string, number>();
  private total = 0;
  private readonly options: InvocationRecordsOptions;

  constructor(options: InvocationRecordsOptions) {
    this.options = options;
  }

  /** Runs one invocation with `run` and tells its record (or that it was throttled) to whoever listens. */
  async run(input: InvocationInput, invocationType: InvocationRecord['invocationType'], run: (input: InvocationInput) => Promise<InvokeOutput>): Promise<InvokeOutput> {
    const functionName = input.version.config.FunctionName;
    const startedAt = Date.now();
    const concurrentExecutions = (this.underWay.get(functionName) ?? 0) + 1;
    this.underWay.set(functionName, concurrentExecutions);
    const accountConcurrentExecutions = ++this.total;
    const record = (ended: Pick<InvocationRecord, 'throttled' | 'functionError' | 'report'>): InvocationRecord => {
      const qualifier = input.invokedFunctionArn.split(':')[7];
      return {
        functionName,
        ...(qualifier !== undefined ? { qualifier } : {}),
        executedVersion: input.version.config.Version,
        invocationType,
        startedAt,
        concurrentExecutions,
        accountConcurrentExecutions,
        endedAt: Date.now(),
        ...ended,
      };
    };
    let output: InvokeOutput;
    try {
      output = await run(input);
    } catch (error) {
      if (error instanceof LambdaServiceError && error.type === 'TooManyRequestsException' && this.options.listening()) {
        this.options.tell(record({ throttled: true, functionError: false }));
      }
      throw error;
    } finally {
      this.total -= 1;
      const left = (this.underWay.get(functionName) ?? 1) - 1;
      if (left > 0) this.underWay.set(functionName, left);
      else this.underWay.delete(functionName);
    }
    if (this.options.listening()) this.options.tell(record({ throttled: false, functionError: output.FunctionError !== undefined, report: output.Report }));
    return output;
  }
}
