// Validates a function's configuration against Lambda's quotas (limits.ts). Every refusal
// names the value, the rule and what is allowed, so the learner can fix it in one go.

import { LambdaServiceError } from '../errors.ts';
import {
  environmentKeyPattern,
  functionNamePattern,
  handlerPattern,
  limits,
  reservedEnvironmentKeys,
  type Quota,
} from '../limits.ts';
import { runtimeIds } from '../runtimes/registry.ts';

function invalid(message: string): never {
  throw new LambdaServiceError('InvalidParameterValueException', message);
}

function validation(field: string, value: unknown, constraint: string, fix: string): never {
  throw new LambdaServiceError(
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${constraint}. ${fix}`,
  );
}

/** A whole number inside a quota's range; the message gives the range and the default. */
export function checkWholeNumberInRange(field: string, value: unknown, quota: Quota): number {
  const range = `from ${quota.min} to ${quota.max} ${quota.unit}`;
  const fallback = quota.default !== undefined ? ` (default ${quota.default})` : '';
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    validation(field, value, 'Member must be a whole number', `${quota.label} must be a whole number of ${quota.unit} ${range}${fallback}.`);
  }
  if (quota.min !== undefined && value < quota.min) {
    validation(field, value, `Member must have value greater than or equal to ${quota.min}`, `${quota.label} must be ${range}${fallback}.`);
  }
  if (value > quota.max) {
    validation(field, value, `Member must have value less than or equal to ${quota.max}`, `${quota.label} must be ${range}${fallback}.`);
  }
  return value;
}

export function checkFunctionName(name: unknown): string {
  const q = limits.functionNameLength;
  if (typeof name !== 'string' || name.length === 0) {
    validation('functionName', name, 'Member must not be null', 'Give the function a name of 1 to 64 letters, digits, hyphens or underscores.');
  }
  if (name.length > q.max) {
    validation('functionName', name, `Member must have length less than or equal to ${q.max}`, `Shorten the name to at most ${q.max} characters.`);
  }
  if (!functionNamePattern.test(name)) {
    validation(
      'functionName',
      name,
      `Member must satisfy regular expression pattern: ${functionNamePattern.source}`,
      'Use only letters, digits, hyphens (-) and underscores (_).',
    );
  }
  return name;
}

export function checkRuntime(runtime: unknown): string {
  if (typeof runtime !== 'string' || !runtimeIds().includes(runtime)) {
    invalid(`The runtime parameter of ${String(runtime)} is not supported here. Use one of: ${runtimeIds().join(', ')}.`);
  }
  return runtime;
}

export function checkHandler(handler: unknown): string {
  const q = limits.handlerLength;
  if (typeof handler !== 'string' || handler.length === 0) {
    validation('handler', handler, 'Member must not be null', 'Set the handler, for example index.handler (Node.js) or app.handler (Python).');
  }
  if (handler.length > q.max) {
    validation('handler', handler, `Member must have length less than or equal to ${q.max}`, `Shorten the handler to at most ${q.max} characters.`);
  }
  if (!handlerPattern.test(handler)) {
    validation('handler', handler, `Member must satisfy regular expression pattern: ${handlerPattern.source}`, 'Remove the whitespace from the handler.');
  }
  return handler;
}

export function checkEnvironment(variables: unknown): Record<string, string> {
  if (variables === undefined || variables === null) return {};
  if (typeof variables !== 'object' || Array.isArray(variables)) {
    invalid(`Environment.Variables must be a map of names to strings, got ${JSON.stringify(variables)}.`);
  }
  const entries = Object.entries(variables as Record<string, unknown>);
  const reserved = entries.map(([k]) => k).filter((k) => reservedEnvironmentKeys.includes(k));
  if (reserved.length > 0) {
    invalid(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}. Lambda sets these itself; choose another name.`,
    );
  }
  for (const [key, value] of entries) {
    if (!environmentKeyPattern.test(key)) {
      invalid(
        `Environment variable key '${key}' is not valid: a key starts with a letter, has at least 2 characters and uses only letters, digits and underscores (${environmentKeyPattern.source}).`,
      );
    }
    if (typeof value !== 'string') {
      invalid(`Environment variable ${key} has the value ${JSON.stringify(value)}; values must be strings. Quote it, for example "${String(value)}".`);
    }
  }
  const measured = JSON.stringify(Object.fromEntries(entries));
  const size = Buffer.byteLength(measured);
  const max = limits.environmentVariablesSize.max;
  if (size > max) {
    invalid(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. Measured ${size} bytes of ${max} allowed (keys and values together, as JSON). Move large values to a file in the code or a parameter store.`,
    );
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/** An ARN of a regional AWS resource of one service (sqs, sns, ...) named by a plain name. */
export function regionalArnPattern(service: string, name = '[A-Za-z0-9_.-]+'): RegExp {
  return new RegExp(`^arn:aws[a-zA-Z-]*:${service}:[a-z]{2}(-gov)?-[a-z]+-\\d:\\d{12}:${name}$`);
}

const queueOrTopicArn = regionalArnPattern('(sqs|sns)');

/**
 * DeadLetterConfig.TargetArn: an SQS queue or SNS topic ARN; '' (or no TargetArn) removes the
 * dead-letter queue. Source: https://docs.aws.amazon.com/lambda/latest/api/API_DeadLetterConfig.html
 */
export function checkDeadLetterConfig(config: unknown): { TargetArn: string } | undefined {
  if (config === undefined || config === null) return undefined;
  if (typeof config !== 'object' || Array.isArray(config)) invalid(`DeadLetterConfig must be {"TargetArn": "arn:aws:sqs:..."}, not ${JSON.stringify(config)}.`);
  const target = (config as { TargetArn?: unknown }).TargetArn;
  if (target === undefined || target === '') return undefined;
  if (typeof target !== 'string' || !queueOrTopicArn.test(target)) {
    invalid(`DeadLetterConfig.TargetArn ${JSON.stringify(target)} is not the ARN of an SQS queue or SNS topic: a dead-letter queue is arn:aws:sqs:region:account-id:queue-name (or an SNS topic's arn:aws:sns:...). Give "" to remove it.`);
  }
  return { TargetArn: target };
}
