// The queues of one stack, by name, URL and ARN: what the endpoint's SQS protocol serves and
// where a poller finds the queue an event source mapping names (`queues.byArn(arn)`).
// Queue URLs are made on the local endpoint (`<endpoint>/<account>/<name>`), so the SDK's
// QueueUrl-as-endpoint rule (middleware-sdk-sqs) sends requests back to the same endpoint.
// Source for the names: SQS API reference CreateQueue (up to 80 of A-Z a-z 0-9 - _, FIFO names
// end in .fifo; names are case-sensitive); GetQueueUrl, ListQueues.

import type { Clock } from '../../runtime/clock.ts';
import { checkQueueAttributes, defaultQueueAttributes, parseRedrivePolicy } from './sqs-attributes.ts';
import { SqsError } from './sqs-error.ts';
import { SqsQueue } from './sqs-queue.ts';

export interface SqsQueuesOptions {
  region: string;
  accountId: string;
  /** The endpoint's URL, "http://127.0.0.1:4566". */
  endpointUrl: string;
  clock: Clock;
}

const queueName = /^[A-Za-z0-9_-]{1,80}$/;

export class SqsQueues {
  readonly region: string;
  readonly accountId: string;
  private readonly endpointUrl: string;
  private readonly clock: Clock;
  private readonly queues = new Map<string, SqsQueue>();
  private readonly created = new Set<(queue: SqsQueue) => void>();

  constructor(options: SqsQueuesOptions) {
    this.region = options.region;
    this.accountId = options.accountId;
    this.endpointUrl = options.endpointUrl.replace(/\/+$/, '');
    this.clock = options.clock;
  }

  arnOf(name: string): string {
    return `arn:aws:sqs:${this.region}:${this.accountId}:${name}`;
  }

  urlOf(name: string): string {
    return `${this.endpointUrl}/${this.accountId}/${name}`;
  }

  /**
   * Creates a queue, or returns the one of that name when the given attributes match it
   * (QueueNameExists when they differ), as CreateQueue does.
   */
  create(name: string, attributes: Record<string, string> = {}): SqsQueue {
    const base = name?.endsWith('.fifo') ? name.slice(0, -'.fifo'.length) : name;
    if (typeof name !== 'string' || !queueName.test(base ?? '') || name.length > 80) {
      throw new SqsError('InvalidParameterValue', `Queue name ${JSON.stringify(name)} is invalid: use 1 to 80 characters of A-Z a-z 0-9 - _, and end a FIFO queue's name with .fifo.`);
    }
    const fifo = name.endsWith('.fifo');
    const checked = checkQueueAttributes(attributes, fifo);
    const existing = this.queues.get(name);
    if (existing) {
      const differing = Object.entries(checked).find(([key, value]) => existing.attributes[key] !== value);
      if (differing) {
        throw new SqsError('QueueNameExists', `Queue ${name} already exists with ${differing[0]} ${JSON.stringify(existing.attributes[differing[0]] ?? '')}, not ${JSON.stringify(differing[1])}. Use SetQueueAttributes to change it, or another name.`);
      }
      return existing;
    }
    this.checkRedrive(checked.RedrivePolicy, fifo, name);
    const queue = new SqsQueue({
      name,
      arn: this.arnOf(name),
      url: this.urlOf(name),
      attributes: { ...defaultQueueAttributes(fifo), ...checked },
      clock: this.clock,
      findByArn: (arn) => this.byArn(arn),
    });
    this.queues.set(name, queue);
    for (const listener of [...this.created]) listener(queue);
    return queue;
  }

  /** Calls `listener` with each queue created from now on (by the template or an SDK). */
  onCreated(listener: (queue: SqsQueue) => void): () => void {
    this.created.add(listener);
    return () => this.created.delete(listener);
  }

  /** SetQueueAttributes: checks, then replaces the given attributes. */
  setAttributes(queue: SqsQueue, attributes: Record<string, string>): void {
    const checked = checkQueueAttributes(attributes, queue.fifo);
    this.checkRedrive(checked.RedrivePolicy, queue.fifo, queue.name);
    queue.setAttributes(checked);
  }

  private checkRedrive(policy: string | undefined, fifo: boolean, name: string): void {
    if (!policy) return;
    const { deadLetterTargetArn } = parseRedrivePolicy(policy);
    const target = this.byArn(deadLetterTargetArn);
    if (!target) {
      throw new SqsError('InvalidParameterValue', `RedrivePolicy of ${name} names dead-letter queue ${deadLetterTargetArn}, which does not exist. Create the dead-letter queue first.`);
    }
    if (target.fifo !== fifo) {
      throw new SqsError('InvalidParameterValue', `RedrivePolicy of ${name}: the dead-letter queue of a ${fifo ? 'FIFO' : 'standard'} queue must also be ${fifo ? 'a FIFO' : 'a standard'} queue; ${target.name} is not.`);
    }
  }

  get(name: string): SqsQueue | undefined {
    return this.queues.get(name);
  }

  byArn(arn: string): SqsQueue | undefined {
    const name = arn.split(':')[5];
    const queue = name === undefined ? undefined : this.queues.get(name);
    return queue && queue.arn === arn ? queue : undefined;
  }

  /** A queue by its URL (any host: the name is the last path segment) or by its bare name. */
  byUrl(url: string): SqsQueue | undefined {
    if (typeof url !== 'string') return undefined;
    const name = url.replace(/\/+$/, '').split('/').pop() ?? '';
    return this.queues.get(name);
  }

  /** The queue a request names, or QueueDoesNotExist. */
  require(url: string | undefined): SqsQueue {
    if (url === undefined || url === '') throw new SqsError('MissingParameter', 'The request must contain the parameter QueueUrl (from CreateQueue or GetQueueUrl).');
    const queue = this.byUrl(url);
    if (!queue) throw new SqsError('QueueDoesNotExist', `The specified queue does not exist: ${url}. Queues here: ${this.names().join(', ') || 'none'}.`);
    return queue;
  }

  /** GetQueueUrl's lookup. */
  requireName(name: string | undefined): SqsQueue {
    const queue = name === undefined ? undefined : this.queues.get(name);
    if (!queue) throw new SqsError('QueueDoesNotExist', `The specified queue does not exist: ${JSON.stringify(name)}. Queues here: ${this.names().join(', ') || 'none'}.`);
    return queue;
  }

  delete(queue: SqsQueue): void {
    this.queues.delete(queue.name);
    queue.close();
  }

  names(): string[] {
    return [...this.queues.keys()];
  }

  list(prefix = ''): SqsQueue[] {
    return [...this.queues.values()].filter((q) => q.name.startsWith(prefix));
  }

  close(): void {
    for (const queue of this.queues.values()) queue.close();
    this.queues.clear();
  }
}
