// An event source mapping's configuration, as CreateEventSourceMapping takes it and
// GetEventSourceMapping answers it, checked with Lambda's ranges and defaults. Where it comes
// from (a template's Events: Type: SQS | Kinesis, AWS::Lambda::EventSourceMapping, or the API)
// makes no difference: one record, one set of rules.
// Sources: DG API_CreateEventSourceMapping.html (each parameter's range and default),
// DG services-sqs-parameters.html and services-kinesis-parameters.html (which apply to which source),
// DG API_ScalingConfig.html (MaximumConcurrency 2-1000), LDG with-sqs.md and with-kinesis.md.

import { randomUUID } from 'node:crypto';
import { checkFilterCriteria, type FilterCriteria } from './mapping-filter.ts';

export type SourceKind = 'sqs' | 'kinesis';

export interface MappingInput {
  /** Set by a template, whose Ref gave the id before the mapping existed; the API makes a new one. */
  UUID?: string;
  EventSourceArn?: unknown;
  FunctionName?: unknown;
  Enabled?: unknown;
  BatchSize?: unknown;
  MaximumBatchingWindowInSeconds?: unknown;
  ScalingConfig?: unknown;
  FunctionResponseTypes?: unknown;
  StartingPosition?: unknown;
  StartingPositionTimestamp?: unknown;
  ParallelizationFactor?: unknown;
  MaximumRetryAttempts?: unknown;
  MaximumRecordAgeInSeconds?: unknown;
  BisectBatchOnFunctionError?: unknown;
  DestinationConfig?: unknown;
  FilterCriteria?: unknown;
}

/** EventSourceMappingConfiguration, in Lambda's names. */
export interface MappingConfiguration {
  UUID: string;
  EventSourceArn: string;
  FunctionArn: string;
  BatchSize: number;
  MaximumBatchingWindowInSeconds: number;
  FunctionResponseTypes: string[];
  State: 'Creating' | 'Enabled' | 'Disabled' | 'Deleting';
  StateTransitionReason: string;
  LastModified: number;
  LastProcessingResult: string;
  ScalingConfig?: { MaximumConcurrency: number };
  StartingPosition?: 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
  StartingPositionTimestamp?: number;
  ParallelizationFactor?: number;
  MaximumRetryAttempts?: number;
  MaximumRecordAgeInSeconds?: number;
  BisectBatchOnFunctionError?: boolean;
  DestinationConfig?: { OnFailure: { Destination?: string } };
  FilterCriteria?: FilterCriteria;
}

/** Lambda's InvalidParameterValueException, with a message that names the value and the rule. */
export class MappingError extends Error {
  readonly type: 'InvalidParameterValueException' | 'ResourceNotFoundException' | 'ResourceConflictException' | 'ResourceInUseException';
  constructor(message: string, type: MappingError['type'] = 'InvalidParameterValueException') {
    super(message);
    this.name = type;
    this.type = type;
  }
}

/** What an event source ARN names: a queue or a stream, by its ARN's service. */
export function sourceKind(arn: string): SourceKind {
  if (/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/.test(arn)) return 'sqs';
  if (/^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[A-Za-z0-9_.-]+$/.test(arn)) return 'kinesis';
  throw new MappingError(
    `EventSourceArn ${JSON.stringify(arn)} is not a source this course maps: give an SQS queue ARN (arn:aws:sqs:<region>:<account>:<queue>) or a Kinesis stream ARN (arn:aws:kinesis:<region>:<account>:stream/<name>).`,
  );
}

function integer(name: string, value: unknown, min: number, max: number, fallback: number, rule = `from ${min} to ${max}`): number {
  if (value === undefined || value === null) return fallback;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) throw new MappingError(`${name} ${JSON.stringify(value)} is out of range: it must be a whole number ${rule}.`);
  return n;
}

function bool(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new MappingError(`${name} ${JSON.stringify(value)} must be true or false.`);
}

/**
 * Checks a mapping's parameters for its kind of source and fills Lambda's defaults.
 * `fifo` says whether an SQS source is a FIFO queue (its BatchSize stops at 10).
 */
export function checkMapping(input: MappingInput, functionArn: string, options: { fifo?: boolean; now: number }): MappingConfiguration {
  if (typeof input.EventSourceArn !== 'string' || input.EventSourceArn === '') throw new MappingError('EventSourceArn is required: the ARN of the SQS queue or Kinesis stream to read.');
  const arn = input.EventSourceArn;
  const kind = sourceKind(arn);
  const responseTypes = input.FunctionResponseTypes ?? [];
  if (!Array.isArray(responseTypes) || responseTypes.some((t) => t !== 'ReportBatchItemFailures')) {
    throw new MappingError(`FunctionResponseTypes ${JSON.stringify(responseTypes)} is not valid: the only value is ReportBatchItemFailures.`);
  }
  const enabled = bool('Enabled', input.Enabled, true);
  const filters = checkFilterCriteria(input.FilterCriteria);
  const base = {
    ...(filters ? { FilterCriteria: filters } : {}),
    UUID: input.UUID ?? randomUUID(),
    EventSourceArn: arn,
    FunctionArn: functionArn,
    FunctionResponseTypes: [...new Set(responseTypes as string[])],
    State: enabled ? ('Enabled' as const) : ('Disabled' as const),
    StateTransitionReason: 'USER_INITIATED',
    LastModified: Math.floor(options.now / 1000),
    LastProcessingResult: 'No records processed',
  };
  const windowSeconds = integer('MaximumBatchingWindowInSeconds', input.MaximumBatchingWindowInSeconds, 0, 300, 0);
  if (kind === 'sqs') {
    for (const key of ['StartingPosition', 'ParallelizationFactor', 'MaximumRetryAttempts', 'MaximumRecordAgeInSeconds', 'BisectBatchOnFunctionError', 'DestinationConfig'] as const) {
      if (input[key] !== undefined) throw new MappingError(`${key} does not apply to an SQS queue (it is a stream setting): remove it. SQS retries through the queue's visibility timeout and RedrivePolicy.`);
    }
    // DG services-sqs-parameters.html: "Batching window is not supported for FIFO queues".
    if (options.fifo && windowSeconds > 0) throw new MappingError(`MaximumBatchingWindowInSeconds ${windowSeconds} is not supported for a FIFO queue: Lambda sends a FIFO queue's messages as they come. Remove it (or set it to 0).`);
    const max = options.fifo ? 10 : 10_000;
    const batchSize = integer('BatchSize', input.BatchSize, 1, max, 10, `from 1 to ${max}${options.fifo ? ' for a FIFO queue' : ''}`);
    // LDG with-sqs.md: a standard queue's BatchSize over 10 needs a batching window of at least 1 second.
    if (batchSize > 10 && windowSeconds < 1) {
      throw new MappingError(`Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10: BatchSize is ${batchSize}, so set MaximumBatchingWindowInSeconds to 1 or more.`);
    }
    const scaling = input.ScalingConfig as { MaximumConcurrency?: unknown } | undefined;
    const config: MappingConfiguration = { ...base, BatchSize: batchSize, MaximumBatchingWindowInSeconds: windowSeconds };
    if (scaling?.MaximumConcurrency !== undefined) config.ScalingConfig = { MaximumConcurrency: integer('ScalingConfig.MaximumConcurrency', scaling.MaximumConcurrency, 2, 1000, 2) };
    return config;
  }
  if (input.ScalingConfig !== undefined) throw new MappingError('ScalingConfig applies to SQS queues only; a Kinesis mapping scales with ParallelizationFactor (1-10 concurrent batches per shard).');
  const position = input.StartingPosition;
  if (position !== 'TRIM_HORIZON' && position !== 'LATEST' && position !== 'AT_TIMESTAMP') {
    throw new MappingError(`StartingPosition ${JSON.stringify(position)} is not valid for a Kinesis stream: use TRIM_HORIZON (the oldest record), LATEST (only new records) or AT_TIMESTAMP (with StartingPositionTimestamp).`);
  }
  const config: MappingConfiguration = {
    ...base,
    BatchSize: integer('BatchSize', input.BatchSize, 1, 10_000, 100),
    MaximumBatchingWindowInSeconds: windowSeconds,
    StartingPosition: position,
    ParallelizationFactor: integer('ParallelizationFactor', input.ParallelizationFactor, 1, 10, 1),
    MaximumRetryAttempts: integer('MaximumRetryAttempts', input.MaximumRetryAttempts, -1, 10_000, -1, 'from -1 (retry until the record expires) to 10000'),
    MaximumRecordAgeInSeconds: recordAge(input.MaximumRecordAgeInSeconds),
    BisectBatchOnFunctionError: bool('BisectBatchOnFunctionError', input.BisectBatchOnFunctionError, false),
  };
  if (position === 'AT_TIMESTAMP') {
    const at = input.StartingPositionTimestamp;
    const ms = typeof at === 'number' ? at * 1000 : typeof at === 'string' ? Date.parse(at) : at instanceof Date ? at.getTime() : NaN;
    if (!Number.isFinite(ms)) throw new MappingError(`StartingPositionTimestamp ${JSON.stringify(at)} is required with AT_TIMESTAMP: a time in seconds since the epoch or an ISO date.`);
    config.StartingPositionTimestamp = ms / 1000;
  }
  const destination = (input.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined)?.OnFailure?.Destination;
  if (destination !== undefined) {
    if (typeof destination !== 'string' || !/^arn:aws[a-z-]*:sqs:/.test(destination)) {
      throw new MappingError(`DestinationConfig.OnFailure.Destination ${JSON.stringify(destination)} must be an SQS queue ARN here (Lambda also takes an SNS topic or S3 bucket, which this course does not run).`);
    }
    config.DestinationConfig = { OnFailure: { Destination: destination } };
  }
  return config;
}

/** -1 (no limit) or 60 to 604,800 seconds (7 days). */
function recordAge(value: unknown): number {
  const age = integer('MaximumRecordAgeInSeconds', value, -1, 604_800, -1, 'of -1 (no limit) or from 60 to 604800');
  if (age !== -1 && age < 60) throw new MappingError(`MaximumRecordAgeInSeconds ${age} is out of range: it must be -1 (no limit) or from 60 to 604800.`);
  return age;
}

/**
 * Lambda refuses an SQS mapping whose function may run longer than the queue hides a message:
 * the message would come back while the function still works on it.
 * Message as Lambda writes it (seen in winglang/wing #1507, terraform-provider-aws #18099).
 */
export function checkVisibilityTimeout(visibilityTimeoutSeconds: number, functionTimeoutSeconds: number): void {
  if (functionTimeoutSeconds > visibilityTimeoutSeconds) {
    throw new MappingError(
      `Queue visibility timeout: ${visibilityTimeoutSeconds} seconds is less than Function timeout: ${functionTimeoutSeconds} seconds. ` +
        `Raise the queue's VisibilityTimeout (AWS recommends 6 times the function timeout) or lower the function's Timeout.`,
    );
  }
}
