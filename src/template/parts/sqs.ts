// Queues: `AWS::SQS::Queue`, started as local queues on the stack's clock that the endpoint serves
// through SQS's JSON protocol, so a function's SDK (through AWS_ENDPOINT_URL) and a test's SQSClient
// use them as they would on AWS. Ref is the queue URL, GetAtt Arn / QueueName / QueueUrl as
// CloudFormation gives them. Lambda's SQS poller (event source mappings) finds the same queues
// under context.shared 'sqs' (an SqsQueues: byArn, get, ...).
// Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html

import { createHash } from 'node:crypto';
import { sqsProtocol } from '../../endpoint/sqs/sqs-protocol.ts';
import { SqsError } from '../../triggers/event-sources/sqs-error.ts';
import { publishSqsMetrics } from '../../triggers/event-sources/sqs-metrics.ts';
import { SqsQueues } from '../../triggers/event-sources/sqs-registry.ts';
import { CloudWatchMonitor, sharedMonitorKey } from '../../triggers/metrics/cloudwatch-monitor.ts';
import type { ResourcePlan } from '../load.ts';
import type { Json } from '../parse.ts';
import type { StackPart } from '../stack-parts.ts';
import { TemplateError } from '../template-error.ts';

const queueType = 'AWS::SQS::Queue';

/** Properties that become queue attributes, under the same names. */
const attributeProperties = [
  'DelaySeconds', 'MaximumMessageSize', 'MessageRetentionPeriod', 'ReceiveMessageWaitTimeSeconds', 'VisibilityTimeout',
  'RedrivePolicy', 'RedriveAllowPolicy', 'FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit',
  'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds', 'SqsManagedSseEnabled',
];
/** Accepted and not acted on. */
const ignoredProperties = ['Tags'];

type Property = (resource: ResourcePlan, key: string) => Json | undefined;


function isFifo(resource: ResourcePlan, property: Property): boolean {
  const fifo = property(resource, 'FifoQueue');
  return fifo === true || fifo === 'true';
}

/**
 * The name when QueueName is not set. CloudFormation generates stack-logicalId-RANDOM (with .fifo
 * for a FIFO queue); references are resolved before a part knows the stack's name, so ours is
 * logicalId-SUFFIX, stable across runs. Code should read the URL from !Ref, as it must on AWS.
 */
function queueName(resource: ResourcePlan, property: Property): string {
  const given = property(resource, 'QueueName');
  if (typeof given === 'string') return given;
  const suffix = createHash('sha256').update(resource.logicalId).digest('hex').slice(0, 12).toUpperCase();
  return `${resource.logicalId}-${suffix}${isFifo(resource, property) ? '.fifo' : ''}`;
}

/** A property as the string SQS keeps (RedrivePolicy may be written as a map or as JSON text). */
function attributeText(value: Json): string {
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function queueAttributes(resource: ResourcePlan, property: Property, file: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const key of Object.keys(resource.properties)) {
    if (key === 'QueueName' || ignoredProperties.includes(key)) continue;
    if (!attributeProperties.includes(key)) {
      throw new TemplateError({ file, resource: resource.logicalId, property: `Properties.${key}` }, `is not a property of ${queueType} (it takes QueueName, ${[...attributeProperties, ...ignoredProperties].join(', ')}).`);
    }
    const value = property(resource, key);
    if (value !== undefined && value !== null) attributes[key] = attributeText(value);
  }
  return attributes;
}

export const sqsPart: StackPart = {
  name: 'queues',
  resourceTypes: [queueType],
  functionEventTypes: [],
  // An SDK may create queues on any stack's endpoint (CreateQueue / CreateStream), as on AWS.
  startsWithEveryTemplate: true,
  references(resource, context) {
    const name = queueName(resource, context.property);
    const url = `${context.endpointUrl.replace(/\/+$/, '')}/${context.accountId}/${name}`;
    return { ref: url, attributes: { Arn: `arn:aws:sqs:${context.region}:${context.accountId}:${name}`, QueueName: name, QueueUrl: url } };
  },
  async start(context) {
    const queues = new SqsQueues({ region: context.region, accountId: context.accountId, endpointUrl: context.endpointUrl, clock: context.clock });
    const outputs: Record<string, unknown> = {};
    // A dead-letter queue must exist before the queue that names it: create in rounds, so the
    // template's order does not matter.
    let pending = [...context.resources];
    while (pending.length > 0) {
      const waiting: ResourcePlan[] = [];
      let failure: { resource: ResourcePlan; error: SqsError } | undefined;
      for (const resource of pending) {
        const name = queueName(resource, context.property);
        const attributes = queueAttributes(resource, context.property, context.plan.file);
        if (queues.get(name)) {
          throw new TemplateError({ file: context.plan.file, resource: resource.logicalId, property: 'Properties.QueueName' }, `${name} is the name of another queue in this template: queue names are unique per account and Region.`);
        }
        try {
          const queue = queues.create(name, attributes);
          const redrive = queue.redrivePolicy;
          const dlq = redrive ? `, dead-letter queue ${redrive.deadLetterTargetArn.split(':').pop()} after ${redrive.maxReceiveCount} receives` : '';
          context.notice(`Queue ${resource.logicalId}: ${queue.url} (${queue.fifo ? 'FIFO' : 'standard'}, visibility timeout ${queue.visibilityTimeoutSeconds} s${dlq})`);
          outputs[resource.logicalId] = { url: queue.url, arn: queue.arn, name: queue.name };
        } catch (error) {
          if (!(error instanceof SqsError)) throw error;
          waiting.push(resource);
          failure ??= { resource, error };
        }
      }
      if (failure && waiting.length === pending.length) {
        // The property the refusal names, when it names one (SQS's messages name the attribute).
        const named = Object.keys(failure.resource.properties).find((key) => failure.error.message.includes(key));
        const property = named ? `Properties.${named}` : undefined;
        queues.close();
        throw new TemplateError({ file: context.plan.file, resource: failure.resource.logicalId, ...(property ? { property } : {}) }, failure.error.message);
      }
      pending = waiting;
    }
    context.shared.set('sqs', queues);
    // The AWS/SQS metrics go where the stack's CloudWatch keeps its metrics (it starts first).
    const monitor = context.shared.get(sharedMonitorKey);
    const stopMetrics = monitor instanceof CloudWatchMonitor ? publishSqsMetrics(queues, monitor.store, context.clock) : () => {};
    // No section for a template without queues (queues made later through the SDK are not in it).
    const sections: Record<string, Record<string, unknown>> = Object.keys(outputs).length > 0 ? { queues: outputs } : {};
    const remove = context.addProtocol(sqsProtocol(queues));
    return {
      outputs: sections,
      close: async () => {
        stopMetrics();
        remove();
        queues.close();
      },
    };
  },
};
