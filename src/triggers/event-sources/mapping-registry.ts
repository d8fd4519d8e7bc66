// The event source mappings of one stack: each a checked configuration (mapping-config.ts) and
// the poller that reads its queue or stream and invokes the function through the Lambda port.
// Create, get, list and delete answer as CreateEventSourceMapping and its siblings do; what each
// mapping has done so far (batches, messages, failures) is kept for the outputs and the console.
// Source: DG API_CreateEventSourceMapping.html, API_EventSourceMappingConfiguration.html.

import type { Clock } from '../../runtime/clock.ts';
import type { LambdaPort } from '../lambda-port.ts';
import { checkMapping, checkVisibilityTimeout, MappingError, sourceKind, type MappingConfiguration, type MappingInput } from './mapping-config.ts';
import { KinesisPoller } from './kinesis-poller.ts';
import type { KinesisStream, ShardPosition } from './kinesis-stream.ts';
import type { SqsQueue } from './sqs-queue.ts';
import { SqsPoller, type SqsBatchOutcome } from './sqs-poller.ts';

/** Where a mapping finds what its EventSourceArn names. */
export interface MappingSources {
  queue(arn: string): SqsQueue | undefined;
  stream(arn: string): KinesisStream | undefined;
}

export interface Poller {
  start(): void;
  stop(): Promise<void>;
}

/** One invocation's result, as the outputs count it. */
export interface BatchRecord {
  records: number;
  /** Records done with: deleted from the queue, or checkpointed past in a stream. */
  completed: number;
  failure?: string;
  /** Kinesis: the age of the batch's last record when it finished, in ms (IteratorAge). */
  iteratorAgeMs?: number;
}

export interface MappingActivity {
  batches: number;
  records: number;
  completed: number;
  failedBatches: number;
  lastFailure?: string;
  iteratorAgeMs?: number;
}

interface Prepared {
  config: MappingConfiguration;
  functionTimeout: number;
  queue?: SqsQueue;
  stream?: KinesisStream;
}

interface Entry {
  config: MappingConfiguration;
  poller?: Poller;
  activity: MappingActivity;
}

export interface EventSourceMappingsOptions {
  port: LambdaPort;
  clock: Clock;
  sources: MappingSources;
  /** A line for the console after each batch that failed. */
  notice?: (line: string) => void;
  /** A stream batch was done with: the age of its last record (Lambda's IteratorAge metric). */
  onIteratorAge?: (functionArn: string, ageMs: number) => void;
}

export class EventSourceMappings {
  private readonly entries = new Map<string, Entry>();
  private readonly options: EventSourceMappingsOptions;

  constructor(options: EventSourceMappingsOptions) {
    this.options = options;
  }

  async create(input: MappingInput): Promise<MappingConfiguration> {
    const prepared = await this.prepare(input);
    const entry: Entry = { config: prepared.config, activity: { batches: 0, records: 0, completed: 0, failedBatches: 0 } };
    this.entries.set(prepared.config.UUID, entry);
    this.startPoller(entry, prepared);
    return structuredClone(prepared.config);
  }

  /**
   * UpdateEventSourceMapping: the changes are checked as a whole new configuration would be; the
   * poller restarts with them (a stream goes on from its checkpoint, as Lambda keeps it).
   * Source: DG API_UpdateEventSourceMapping.html.
   */
  async update(uuid: string, changes: MappingInput): Promise<MappingConfiguration> {
    const entry = this.require(uuid);
    for (const key of ['EventSourceArn', 'StartingPosition', 'StartingPositionTimestamp'] as const) {
      if (changes[key] !== undefined) throw new MappingError(`${key} cannot be changed on an existing event source mapping: delete it and create a new one.`);
    }
    const current = entry.config;
    const { UUID: _uuid, State, StateTransitionReason: _reason, LastModified: _modified, LastProcessingResult: _last, FunctionArn, ...settings } = current;
    const merged: MappingInput = { ...settings, FunctionName: FunctionArn, Enabled: State === 'Enabled' || State === 'Creating', ...withoutUndefined(changes), UUID: uuid };
    const prepared = await this.prepare(merged, uuid);
    const checkpoints = entry.poller instanceof KinesisPoller ? entry.poller.checkpoints() : undefined;
    await entry.poller?.stop();
    entry.poller = undefined;
    prepared.config.LastProcessingResult = current.LastProcessingResult;
    entry.config = prepared.config;
    this.startPoller(entry, prepared, checkpoints);
    return structuredClone(entry.config);
  }

  /** Checks a configuration against the function, the source and the other mappings. */
  private async prepare(input: MappingInput, updating?: string): Promise<Prepared> {
    const { port, clock, sources } = this.options;
    if (typeof input.FunctionName !== 'string' || input.FunctionName === '') throw new MappingError('FunctionName is required: the name or ARN of the function the mapping invokes.');
    const [name, qualifier] = splitQualifier(input.FunctionName);
    const fn = await port.getFunctionConfiguration(name, qualifier).catch((error: { name?: string; message?: string }) => {
      throw new MappingError(`Function not found: ${input.FunctionName} (${error.message ?? error.name}). Create the function before its event source mapping.`, 'ResourceNotFoundException');
    });
    // The mapping invokes what it was given: the function, or one version or alias of it.
    const unqualified = fn.FunctionArn.split(':').slice(0, 7).join(':');
    const functionArn = qualifier ? `${unqualified}:${qualifier}` : unqualified;
    const arn = typeof input.EventSourceArn === 'string' ? input.EventSourceArn : '';
    const kind = sourceKind(arn);
    const queue = kind === 'sqs' ? sources.queue(arn) : undefined;
    if (kind === 'sqs' && !queue) throw new MappingError(`The queue ${arn} does not exist in this stack: create it (AWS::SQS::Queue) before the mapping that reads it.`);
    const stream = kind === 'kinesis' ? sources.stream(arn) : undefined;
    if (kind === 'kinesis' && !stream) throw new MappingError(`The stream ${arn} does not exist in this stack: create it (AWS::Kinesis::Stream) before the mapping that reads it.`);
    const config = checkMapping(input, functionArn, { fifo: queue?.fifo ?? false, now: clock.now() });
    if (queue) checkVisibilityTimeout(queue.visibilityTimeoutSeconds, fn.Timeout);
    for (const other of this.entries.values()) {
      if (other.config.UUID !== updating && other.config.EventSourceArn === arn && other.config.FunctionArn === functionArn) {
        throw new MappingError(`An event source mapping with ${kind === 'sqs' ? 'SQS' : 'Kinesis'} arn " ${arn} " and function " ${fn.FunctionName} " already exists (UUID ${other.config.UUID}). Update or delete it instead.`, 'ResourceConflictException');
      }
    }
    const destination = config.DestinationConfig?.OnFailure.Destination;
    if (destination && !sources.queue(destination)) throw new MappingError(`The on-failure destination ${destination} does not exist in this stack: create the queue (AWS::SQS::Queue) first.`);
    return { config, functionTimeout: fn.Timeout, ...(queue ? { queue } : {}), ...(stream ? { stream } : {}) };
  }

  private startPoller(entry: Entry, prepared: Prepared, resumeAt?: ReadonlyMap<string, ShardPosition>): void {
    const { port, clock, sources } = this.options;
    const { config, queue, stream } = prepared;
    if (config.State !== 'Enabled') return;
    entry.poller = queue
      ? new SqsPoller({ mapping: config, queue, currentQueue: () => sources.queue(config.EventSourceArn), port, clock, region: port.region, functionTimeoutSeconds: prepared.functionTimeout, onBatch: (o) => this.record(entry, fromSqs(o)) })
      : new KinesisPoller({ mapping: config, stream: stream!, port, clock, region: port.region, queueByArn: (a) => sources.queue(a), onBatch: (o) => this.record(entry, o), ...(resumeAt ? { resumeAt } : {}) });
    entry.poller.start();
  }

  get(uuid: string): MappingConfiguration {
    return structuredClone(this.require(uuid).config);
  }

  /** ListEventSourceMappings: all, or those of one source and/or one function. */
  list(filter: { EventSourceArn?: string; FunctionArn?: string } = {}): MappingConfiguration[] {
    return [...this.entries.values()]
      .map((e) => e.config)
      .filter((c) => (filter.EventSourceArn === undefined || c.EventSourceArn === filter.EventSourceArn) && (filter.FunctionArn === undefined || c.FunctionArn === filter.FunctionArn || c.FunctionArn.startsWith(`${filter.FunctionArn}:`)))
      .map((c) => structuredClone(c));
  }

  activity(uuid: string): MappingActivity {
    return { ...this.require(uuid).activity };
  }

  /** Stops the poller (a batch under way finishes) and forgets the mapping. */
  async delete(uuid: string): Promise<MappingConfiguration> {
    const entry = this.require(uuid);
    entry.config.State = 'Deleting';
    const answer = structuredClone(entry.config);
    this.entries.delete(uuid);
    await entry.poller?.stop();
    return answer;
  }

  async close(): Promise<void> {
    const pollers = [...this.entries.values()].map((e) => e.poller?.stop());
    this.entries.clear();
    await Promise.allSettled(pollers);
  }

  private require(uuid: string): Entry {
    const entry = this.entries.get(uuid);
    if (!entry) throw new MappingError(`The resource you requested does not exist: no event source mapping ${uuid}. ListEventSourceMappings shows the UUIDs there are.`, 'ResourceNotFoundException');
    return entry;
  }

  private record(entry: Entry, outcome: BatchRecord): void {
    const a = entry.activity;
    a.batches += 1;
    a.records += outcome.records;
    a.completed += outcome.completed;
    if (outcome.iteratorAgeMs !== undefined) {
      a.iteratorAgeMs = outcome.iteratorAgeMs;
      this.options.onIteratorAge?.(entry.config.FunctionArn, outcome.iteratorAgeMs);
    }
    entry.config.LastProcessingResult = outcome.failure ? 'PROBLEM: Function call failed' : 'OK';
    if (outcome.failure) {
      a.failedBatches += 1;
      a.lastFailure = outcome.failure;
      this.options.notice?.(`${entry.config.EventSourceArn.split(':').pop()} -> ${entry.config.FunctionArn.split(':').slice(6).join(':')}: ${outcome.failure}`);
    }
  }
}

function withoutUndefined(input: MappingInput): MappingInput {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as MappingInput;
}

function fromSqs(outcome: SqsBatchOutcome): BatchRecord {
  return { records: outcome.messages, completed: outcome.deleted, ...(outcome.failure ? { failure: outcome.failure } : {}) };
}

/** "name:qualifier" or a function ARN (with or without a qualifier), into the function's name and its qualifier. */
function splitQualifier(functionName: string): [string, string | undefined] {
  const arn = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/.exec(functionName);
  if (arn) return [arn[1]!, arn[2]];
  const [name, qualifier] = functionName.split(':');
  return [name!, qualifier];
}
