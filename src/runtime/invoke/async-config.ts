// Asynchronous invocation settings: the event invoke configuration of a function, version or
// alias (PutFunctionEventInvokeConfig: retries, maximum event age, on-success and on-failure
// destinations); the dead-letter queue is part of the function's configuration
// (registry/configuration.ts). Every refusal names the value, the rule and what is allowed.
// Sources: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
// https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html

import { LambdaServiceError } from '../errors.ts';
import { limits } from '../limits.ts';
import { checkWholeNumberInRange, regionalArnPattern } from '../registry/configuration.ts';
import type { DestinationConfig, EventInvokeConfigInput, FunctionEventInvokeConfig } from '../types.ts';

/** What an accepted event is held to, read once when it is accepted. */
export interface AsyncSettings {
  functionArn: string;
  retryAttempts: number;
  maxEventAgeMs: number;
  deadLetterTargetArn?: string;
  onSuccess?: string;
  onFailure?: string;
}

/** The destination types Lambda takes: a queue, a topic, a function, an event bus, and (on failure only) a bucket. */
const destinationPatterns: Array<{ kind: string; pattern: RegExp; onFailureOnly?: boolean }> = [
  { kind: 'SQS queue', pattern: regionalArnPattern('sqs') },
  { kind: 'SNS topic', pattern: regionalArnPattern('sns') },
  { kind: 'Lambda function', pattern: regionalArnPattern('lambda', 'function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?') },
  { kind: 'EventBridge event bus', pattern: regionalArnPattern('events', 'event-bus/[A-Za-z0-9/_.-]+') },
  { kind: 'S3 bucket', pattern: /^arn:aws[a-zA-Z-]*:s3:::[a-z0-9.-]{3,63}$/, onFailureOnly: true },
];

function invalid(message: string): never {
  throw new LambdaServiceError('InvalidParameterValueException', message);
}

function checkDestination(condition: 'OnSuccess' | 'OnFailure', value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const destination = (value as { Destination?: unknown }).Destination;
  if (destination === undefined || destination === null || destination === '') return undefined;
  const kinds = destinationPatterns.filter((d) => condition === 'OnFailure' || !d.onFailureOnly).map((d) => d.kind);
  const match = typeof destination === 'string' ? destinationPatterns.find((d) => d.pattern.test(destination)) : undefined;
  if (!match) {
    invalid(`DestinationConfig.${condition}.Destination ${JSON.stringify(destination)} is not a destination ARN: use the ARN of a ${kinds.join(', ')}.`);
  }
  if (match.onFailureOnly && condition === 'OnSuccess') {
    invalid(`DestinationConfig.OnSuccess.Destination ${destination} is an S3 bucket, which Lambda takes only as an on-failure destination. Use a ${kinds.join(', ')} for successes.`);
  }
  return destination as string;
}

/** The event invoke configurations of one service, by function and qualifier. */
export class EventInvokeConfigs {
  private readonly configs = new Map<string, FunctionEventInvokeConfig>();

  /** PutFunctionEventInvokeConfig replaces; UpdateFunctionEventInvokeConfig (merge) keeps what it does not name. */
  put(name: string, functionArn: string, input: EventInvokeConfigInput, merge = false): FunctionEventInvokeConfig {
    const key = keyOf(name, functionArn);
    const previous = merge ? this.configs.get(key) : undefined;
    const retries = input.MaximumRetryAttempts ?? previous?.MaximumRetryAttempts;
    const age = input.MaximumEventAgeInSeconds ?? previous?.MaximumEventAgeInSeconds;
    const destinations: DestinationConfig = { ...previous?.DestinationConfig, ...input.DestinationConfig };
    const onSuccess = checkDestination('OnSuccess', destinations.OnSuccess);
    const onFailure = checkDestination('OnFailure', destinations.OnFailure);
    const config: FunctionEventInvokeConfig = {
      FunctionArn: functionArn,
      LastModified: Date.now() / 1000,
      ...(retries !== undefined ? { MaximumRetryAttempts: checkWholeNumberInRange('maximumRetryAttempts', retries, limits.asyncRetryAttempts) } : {}),
      ...(age !== undefined ? { MaximumEventAgeInSeconds: checkWholeNumberInRange('maximumEventAgeInSeconds', age, limits.asyncEventAge) } : {}),
      DestinationConfig: { OnSuccess: onSuccess ? { Destination: onSuccess } : {}, OnFailure: onFailure ? { Destination: onFailure } : {} },
    };
    this.configs.set(key, config);
    return structuredClone(config);
  }

  get(name: string, functionArn: string): FunctionEventInvokeConfig {
    const config = this.configs.get(keyOf(name, functionArn));
    if (!config) {
      throw new LambdaServiceError('ResourceNotFoundException', `The function ${functionArn} doesn't have an EventInvokeConfig. Create one with PutFunctionEventInvokeConfig; until then Lambda's defaults apply (2 retries, 6 hours).`);
    }
    return structuredClone(config);
  }

  delete(name: string, functionArn: string): void {
    this.get(name, functionArn);
    this.configs.delete(keyOf(name, functionArn));
  }

  list(name: string): FunctionEventInvokeConfig[] {
    return [...this.configs.entries()].filter(([key]) => key.startsWith(`${name}:`)).map(([, c]) => structuredClone(c));
  }

  /** DeleteFunction: the function's configurations go with it; with a qualifier, only that one's. */
  forget(name: string, qualifier?: string): void {
    for (const key of [...this.configs.keys()]) if (key === `${name}:${qualifier}` || (qualifier === undefined && key.startsWith(`${name}:`))) this.configs.delete(key);
  }

  /** What an event sent to this function ARN (qualified or not) is held to. */
  settings(name: string, functionArn: string, deadLetterTargetArn: string | undefined): AsyncSettings {
    const qualified = functionArn.split(':').length === 7 ? `${functionArn}:$LATEST` : functionArn;
    const config = this.configs.get(keyOf(name, functionArn));
    const onSuccess = config?.DestinationConfig.OnSuccess.Destination;
    const onFailure = config?.DestinationConfig.OnFailure.Destination;
    return {
      functionArn: qualified,
      retryAttempts: config?.MaximumRetryAttempts ?? limits.asyncRetryAttempts.default!,
      maxEventAgeMs: (config?.MaximumEventAgeInSeconds ?? limits.asyncEventAge.default!) * 1000,
      ...(deadLetterTargetArn ? { deadLetterTargetArn } : {}),
      ...(onSuccess ? { onSuccess } : {}),
      ...(onFailure ? { onFailure } : {}),
    };
  }
}

/** A configuration's key: the function's name and the ARN's qualifier ($LATEST when it has none). */
function keyOf(name: string, functionArn: string): string {
  return `${name}:${functionArn.split(':')[7] ?? '$LATEST'}`;
}
