// What a function is set to beyond its configuration, which applies when it is invoked: its
// recursive loop detection (PutFunctionRecursionConfig, the whole function) and its asynchronous
// invocation settings (PutFunctionEventInvokeConfig, per $LATEST, version or alias). Names and
// ARNs are resolved as Lambda's API takes them; a function or qualifier that does not exist is
// refused with Lambda's ResourceNotFoundException.
// Sources: https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionRecursionConfig.html
// https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html

import { LambdaServiceError } from '../errors.ts';
import type { FunctionRegistry } from '../registry/function-registry.ts';
import type { EventInvokeConfigInput, FunctionEventInvokeConfig } from '../types.ts';
import { EventInvokeConfigs, type AsyncSettings } from './async-config.ts';
import type { InvocationInput } from './invoker.ts';
import { RecursionGuard, recursiveLoopValues, type RecursiveLoop } from './recursion.ts';

export class FunctionSettings {
  readonly recursion = new RecursionGuard();
  private readonly eventInvokeConfigs = new EventInvokeConfigs();
  private readonly registry: FunctionRegistry;

  constructor(registry: FunctionRegistry) {
    this.registry = registry;
  }

  /** Terminate (the default) stops a recursive loop after 16 invocations; Allow lets it run. */
  putRecursionConfig(nameOrArn: string, recursiveLoop: string): { RecursiveLoop: RecursiveLoop } {
    const name = this.functionName(nameOrArn);
    if (!(recursiveLoopValues as readonly string[]).includes(recursiveLoop)) {
      throw new LambdaServiceError('ValidationException', `1 validation error detected: Value '${recursiveLoop}' at 'recursiveLoop' failed to satisfy constraint: Member must satisfy enum value set: [${recursiveLoopValues.join(', ')}]`);
    }
    this.recursion.put(name, recursiveLoop as RecursiveLoop);
    return { RecursiveLoop: recursiveLoop as RecursiveLoop };
  }

  getRecursionConfig(nameOrArn: string): { RecursiveLoop: RecursiveLoop } {
    return { RecursiveLoop: this.recursion.get(this.functionName(nameOrArn)) };
  }

  /** Put replaces; Update (`merge`) keeps what it does not name. */
  putEventInvokeConfig(nameOrArn: string, qualifier: string | undefined, input: EventInvokeConfigInput, merge: boolean): FunctionEventInvokeConfig {
    const { name, arn } = this.eventInvokeTarget(nameOrArn, qualifier);
    return this.eventInvokeConfigs.put(name, arn, input, merge);
  }

  getEventInvokeConfig(nameOrArn: string, qualifier: string | undefined): FunctionEventInvokeConfig {
    const { name, arn } = this.eventInvokeTarget(nameOrArn, qualifier);
    return this.eventInvokeConfigs.get(name, arn);
  }

  deleteEventInvokeConfig(nameOrArn: string, qualifier: string | undefined): void {
    const { name, arn } = this.eventInvokeTarget(nameOrArn, qualifier);
    this.eventInvokeConfigs.delete(name, arn);
  }

  listEventInvokeConfigs(nameOrArn: string): FunctionEventInvokeConfig[] {
    return this.eventInvokeConfigs.list(this.eventInvokeTarget(nameOrArn, undefined).name);
  }

  /** What an accepted asynchronous event is held to: the invoked qualifier's settings and the version's dead-letter queue. */
  asyncSettings(input: InvocationInput): AsyncSettings {
    const { config } = input.version;
    return this.eventInvokeConfigs.settings(config.FunctionName, input.invokedFunctionArn, config.DeadLetterConfig?.TargetArn);
  }

  /** DeleteFunction: everything set on the function goes with it; with a qualifier, only that version's settings. */
  forget(name: string, qualifier: string | undefined): void {
    if (qualifier === undefined) this.recursion.forget(name);
    this.eventInvokeConfigs.forget(name, qualifier);
  }

  private functionName(nameOrArn: string): string {
    const { name } = this.registry.parseFunctionName(nameOrArn);
    return this.registry.resolve(name, undefined).version.config.FunctionName;
  }

  private eventInvokeTarget(nameOrArn: string, qualifier: string | undefined): { name: string; arn: string } {
    const { name, qualifier: q } = this.registry.parseFunctionName(nameOrArn, qualifier);
    this.registry.resolve(name, q);
    return { name, arn: this.registry.functionArn(name, q ?? '$LATEST') };
  }
}
