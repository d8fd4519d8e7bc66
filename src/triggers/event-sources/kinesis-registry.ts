// The streams of one stack, by name and ARN: what the endpoint's Kinesis protocol serves and where
// a poller finds the stream an event source mapping names (`streams.byArn(arn)`).
// Sources: Kinesis API reference CreateStream (names 1-128 of a-zA-Z0-9_.-; ResourceInUseException
// when the name is taken), ListStreams; Kinesis Developer Guide how-do-i-size-a-stream.html
// (on-demand streams start with a write capacity of 4 MB/s, i.e. 4 shards).

import type { Clock } from '../../runtime/clock.ts';
import { KinesisError } from './kinesis-error.ts';
import { KinesisStream, maxRecordSizeKiBRange, retentionHoursRange } from './kinesis-stream.ts';

export interface KinesisStreamsOptions {
  region: string;
  accountId: string;
  clock: Clock;
}

export interface CreateStreamInput {
  name: string;
  shardCount?: number;
  mode?: 'PROVISIONED' | 'ON_DEMAND';
  retentionHours?: number;
  maxRecordSizeKiB?: number;
}

/** On-demand streams start with 4 shards' worth of capacity. */
export const onDemandInitialShards = 4;
/** The default shard quota per account in the largest Regions (Kinesis service quotas: 500). */
export const maxShardsPerAccount = 500;

const streamName = /^[a-zA-Z0-9_.-]{1,128}$/;

export class KinesisStreams {
  readonly region: string;
  readonly accountId: string;
  /** The stack's clock (iterator expiry, record age). */
  readonly clock: Clock;
  private readonly streams = new Map<string, KinesisStream>();
  private readonly created = new Set<(stream: KinesisStream) => void>();

  constructor(options: KinesisStreamsOptions) {
    this.region = options.region;
    this.accountId = options.accountId;
    this.clock = options.clock;
  }

  arnOf(name: string): string {
    return `arn:aws:kinesis:${this.region}:${this.accountId}:stream/${name}`;
  }

  create(input: CreateStreamInput): KinesisStream {
    const { name } = input;
    if (typeof name !== 'string' || !streamName.test(name)) {
      throw new KinesisError('ValidationException', `StreamName ${JSON.stringify(name)} must be 1 to 128 characters of a-z A-Z 0-9 _ . -.`);
    }
    if (this.streams.has(name)) throw new KinesisError('ResourceInUseException', `Stream ${name} under account ${this.accountId} already exists.`);
    const mode = input.mode ?? 'PROVISIONED';
    if (mode !== 'PROVISIONED' && mode !== 'ON_DEMAND') throw new KinesisError('ValidationException', `StreamMode ${JSON.stringify(mode)} must be PROVISIONED or ON_DEMAND.`);
    const shardCount = input.shardCount ?? (mode === 'ON_DEMAND' ? onDemandInitialShards : undefined);
    if (shardCount === undefined) throw new KinesisError('InvalidArgumentException', `Stream ${name} is PROVISIONED and needs a ShardCount (1 or more), or use StreamModeDetails ON_DEMAND.`);
    if (!Number.isInteger(shardCount) || shardCount < 1) throw new KinesisError('InvalidArgumentException', `ShardCount ${shardCount} must be a whole number of 1 or more.`);
    const used = [...this.streams.values()].reduce((sum, s) => sum + s.shardIds().length, 0);
    if (used + shardCount > maxShardsPerAccount) {
      throw new KinesisError('LimitExceededException', `Stream ${name} would bring the account to ${used + shardCount} shards; the shard quota is ${maxShardsPerAccount}. Use fewer shards or delete a stream.`);
    }
    const retentionHours = input.retentionHours ?? retentionHoursRange.default;
    if (!Number.isInteger(retentionHours) || retentionHours < retentionHoursRange.min || retentionHours > retentionHoursRange.max) {
      throw new KinesisError('InvalidArgumentException', `RetentionPeriodHours ${retentionHours} must be a whole number from ${retentionHoursRange.min} to ${retentionHoursRange.max}.`);
    }
    const maxRecordSizeKiB = input.maxRecordSizeKiB ?? maxRecordSizeKiBRange.default;
    if (!Number.isInteger(maxRecordSizeKiB) || maxRecordSizeKiB < maxRecordSizeKiBRange.min || maxRecordSizeKiB > maxRecordSizeKiBRange.max) {
      throw new KinesisError('ValidationException', `MaxRecordSizeInKiB ${maxRecordSizeKiB} must be from ${maxRecordSizeKiBRange.min} to ${maxRecordSizeKiBRange.max}.`);
    }
    const stream = new KinesisStream({ name, arn: this.arnOf(name), shardCount, mode, retentionHours, maxRecordSizeKiB, clock: this.clock });
    this.streams.set(name, stream);
    for (const listener of [...this.created]) listener(stream);
    return stream;
  }

  /** Calls `listener` with each stream created from now on (by the template or an SDK). */
  onCreated(listener: (stream: KinesisStream) => void): () => void {
    this.created.add(listener);
    return () => this.created.delete(listener);
  }

  get(name: string): KinesisStream | undefined {
    return this.streams.get(name);
  }

  byArn(arn: string): KinesisStream | undefined {
    const match = /^arn:aws[\w-]*:kinesis:[^:]+:\d+:stream\/(.+)$/.exec(arn ?? '');
    const stream = match ? this.streams.get(match[1]!) : undefined;
    return stream && stream.arn === arn ? stream : undefined;
  }

  /** The stream a request names by StreamName or StreamARN, or Kinesis's ResourceNotFoundException. */
  require(input: { StreamName?: unknown; StreamARN?: unknown }): KinesisStream {
    const name = typeof input.StreamName === 'string' ? input.StreamName : undefined;
    const arn = typeof input.StreamARN === 'string' ? input.StreamARN : undefined;
    if (name === undefined && arn === undefined) throw new KinesisError('InvalidArgumentException', 'Give StreamName or StreamARN.');
    const stream = arn !== undefined ? this.byArn(arn) : this.streams.get(name!);
    if (!stream || (name !== undefined && stream.name !== name)) {
      throw new KinesisError('ResourceNotFoundException', `Stream ${name ?? arn} under account ${this.accountId} not found. Streams here: ${this.names().join(', ') || 'none'}.`);
    }
    return stream;
  }

  delete(stream: KinesisStream): void {
    this.streams.delete(stream.name);
    stream.close();
  }

  names(): string[] {
    return [...this.streams.keys()];
  }

  close(): void {
    for (const stream of this.streams.values()) stream.close();
    this.streams.clear();
  }
}
