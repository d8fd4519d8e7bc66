// Event source mappings in a template: a function's `Events: Type: SQS | Kinesis` (SAM makes an
// AWS::Lambda::EventSourceMapping of each) and AWS::Lambda::EventSourceMapping itself. Each is
// created as CreateEventSourceMapping would create it (same checks, same refusals), reads the
// queue or stream the parts before it started (context.shared 'sqs' / 'kinesis'), and invokes
// through the Lambda port. Its state goes to the outputs under `eventSourceMappings`.
// Sources: SAM sam-property-function-sqs.html and sam-property-function-kinesis.html (event
// properties); CloudFormation aws-resource-lambda-eventsourcemapping.html (Ref is the mapping's
// id; GetAtt EventSourceMappingId and EventSourceMappingArn).

import { randomUUID } from 'node:crypto';
import { eventSourceMappingProtocol } from '../../endpoint/lambda-api/event-source-mappings.ts';
import { EventSourceMappings, type MappingSources } from '../../triggers/event-sources/mapping-registry.ts';
import { MappingError, type MappingInput } from '../../triggers/event-sources/mapping-config.ts';
import { lambdaMetricsIn } from '../../triggers/metrics/cloudwatch-monitor.ts';
import type { KinesisStreams } from '../../triggers/event-sources/kinesis-registry.ts';
import type { SqsQueues } from '../../triggers/event-sources/sqs-registry.ts';
import type { ResourcePlan } from '../load.ts';
import type { Json } from '../parse.ts';
import type { StackPart, StackPartContext } from '../stack-parts.ts';
import { TemplateError } from '../template-error.ts';

/** Properties each kind of event takes, in SAM's names; those not run here are accepted and told. */
const samEvent = {
  SQS: { runs: ['Queue', 'BatchSize', 'Enabled', 'FilterCriteria', 'FunctionResponseTypes', 'MaximumBatchingWindowInSeconds', 'ScalingConfig'], accepted: ['KmsKeyArn', 'MetricsConfig', 'ProvisionedPollerConfig'] },
  Kinesis: {
    runs: ['Stream', 'StartingPosition', 'StartingPositionTimestamp', 'BatchSize', 'BisectBatchOnFunctionError', 'DestinationConfig', 'Enabled', 'FilterCriteria', 'FunctionResponseTypes', 'MaximumBatchingWindowInSeconds', 'MaximumRecordAgeInSeconds', 'MaximumRetryAttempts', 'ParallelizationFactor'],
    accepted: ['KmsKeyArn', 'MetricsConfig', 'TumblingWindowInSeconds'],
  },
} as const;

const resourceRuns = ['EventSourceArn', 'FunctionName', 'BatchSize', 'Enabled', 'FilterCriteria', 'FunctionResponseTypes', 'MaximumBatchingWindowInSeconds', 'ScalingConfig', 'StartingPosition', 'StartingPositionTimestamp', 'BisectBatchOnFunctionError', 'DestinationConfig', 'MaximumRecordAgeInSeconds', 'MaximumRetryAttempts', 'ParallelizationFactor'];
const resourceAccepted = ['KmsKeyArn', 'MetricsConfig', 'ProvisionedPollerConfig', 'Tags', 'TumblingWindowInSeconds', 'Queues', 'Topics', 'SourceAccessConfigurations', 'SelfManagedEventSource', 'SelfManagedKafkaEventSourceConfig', 'AmazonManagedKafkaEventSourceConfig', 'DocumentDBEventSourceConfig'];

const ids = new WeakMap<ResourcePlan, string>();

function mappingId(resource: ResourcePlan): string {
  let id = ids.get(resource);
  if (!id) ids.set(resource, (id = randomUUID()));
  return id;
}

interface Planned {
  place: { resource: string; property?: string };
  input: MappingInput;
  uuid?: string;
  logicalId: string;
}

function readAll(context: StackPartContext, resource: ResourcePlan, runs: readonly string[], accepted: readonly string[], what: string): { values: Record<string, Json>; ignored: string[] } {
  const values: Record<string, Json> = {};
  const ignored: string[] = [];
  for (const key of Object.keys(resource.properties)) {
    if (runs.includes(key)) {
      const value = context.property(resource, key);
      if (value !== undefined) values[key] = value;
    } else if (accepted.includes(key)) ignored.push(key);
    else throw new TemplateError({ file: context.plan.file, resource: resource.logicalId, property: `Properties.${key}` }, `is not a property of ${what}. Check its spelling; the properties run here are ${runs.join(', ')}.`);
  }
  return { values, ignored };
}

function plan(context: StackPartContext): Planned[] {
  const planned: Planned[] = [];
  for (const event of context.functionEvents) {
    const kind = event.type as keyof typeof samEvent;
    const logicalId = `${event.functionLogicalId}${event.eventId}`;
    const pseudo: ResourcePlan = { logicalId: `${event.functionLogicalId}.Events.${event.eventId}`, type: event.type, properties: event.properties };
    const { values, ignored } = readAll(context, pseudo, samEvent[kind].runs, samEvent[kind].accepted, `a function's ${event.type} event`);
    if (ignored.length > 0) context.notice(`${pseudo.logicalId}: ${ignored.join(', ')} accepted, not emulated.`);
    const fn = context.stack.functions[event.functionLogicalId];
    const { Queue, Stream, ...rest } = values;
    // With AutoPublishAlias, SAM connects every event source to the alias, not the function
    // (aws/serverless-application-model samtranslator/model/sam_resources.py, "function": lambda_alias or lambda_function).
    const target = fn?.alias?.arn ?? fn?.arn ?? event.functionLogicalId;
    planned.push({ logicalId, place: { resource: pseudo.logicalId }, input: { ...rest, EventSourceArn: kind === 'SQS' ? Queue : Stream, FunctionName: target } });
  }
  for (const resource of context.resources) {
    const { values, ignored } = readAll(context, resource, resourceRuns, resourceAccepted, 'AWS::Lambda::EventSourceMapping');
    if (ignored.length > 0) context.notice(`${resource.logicalId}: ${ignored.join(', ')} accepted, not emulated.`);
    planned.push({ logicalId: resource.logicalId, place: { resource: resource.logicalId }, input: values, uuid: mappingId(resource) });
  }
  return planned;
}

export const eventSourceMappingsPart: StackPart = {
  name: 'event source mappings',
  resourceTypes: ['AWS::Lambda::EventSourceMapping'],
  functionEventTypes: ['SQS', 'Kinesis'],
  // With any queue or stream, the Lambda API's event source mapping operations are served too.
  startsWithEveryTemplate: true,
  references(resource, context) {
    const id = mappingId(resource);
    return { ref: id, attributes: { EventSourceMappingId: id, EventSourceMappingArn: `arn:aws:lambda:${context.region}:${context.accountId}:event-source-mapping:${id}` } };
  },
  async start(context) {
    const sqs = context.shared.get('sqs') as SqsQueues | undefined;
    const kinesis = context.shared.get('kinesis') as KinesisStreams | undefined;
    const sources: MappingSources = { queue: (arn) => sqs?.byArn(arn), stream: (arn) => kinesis?.byArn(arn) };
    const planned = plan(context);
    if (planned.length === 0 && !sqs && !kinesis) return { outputs: {}, close: async () => {} };
    const metrics = lambdaMetricsIn(context.shared);
    const mappings = new EventSourceMappings({
      port: context.port,
      clock: context.clock,
      sources,
      notice: (line) => context.log(line),
      onIteratorAge: (functionArn, ageMs) => {
        const [name, qualifier] = functionArn.split(':').slice(6);
        metrics?.iteratorAge(name!, ageMs, qualifier ? { qualifier } : {});
      },
    });
    const byLogicalId = new Map<string, string>();
    try {
      for (const entry of planned) {
        try {
          const created = await mappings.create({ ...entry.input, ...(entry.uuid ? { UUID: entry.uuid } : {}) });
          byLogicalId.set(entry.logicalId, created.UUID);
          context.notice(`Event source mapping ${entry.logicalId}: ${created.EventSourceArn.split(':').pop()} -> ${created.FunctionArn.split(':').slice(6).join(':')} (BatchSize ${created.BatchSize}, ${created.State})`);
        } catch (error) {
          if (error instanceof MappingError) throw new TemplateError({ file: context.plan.file, ...entry.place }, `${error.name}: ${error.message}`, { cause: error });
          throw error;
        }
      }
    } catch (error) {
      await mappings.close();
      throw error;
    }
    // Each entry reads the mapping when it is read: a file written at start shows the
    // configuration; a lab or the console reading later sees what the mapping has done.
    const section: Record<string, unknown> = {};
    for (const [logicalId, uuid] of byLogicalId) {
      const { EventSourceArn, FunctionArn, BatchSize } = mappings.get(uuid);
      section[logicalId] = {
        UUID: uuid,
        EventSourceArn,
        FunctionArn,
        BatchSize,
        get State() {
          return mappings.list().find((m) => m.UUID === uuid)?.State ?? 'Deleted';
        },
        get LastProcessingResult() {
          return mappings.list().find((m) => m.UUID === uuid)?.LastProcessingResult;
        },
        get Activity() {
          return mappings.list().some((m) => m.UUID === uuid) ? mappings.activity(uuid) : undefined;
        },
      };
    }
    const removeProtocol = context.addProtocol(eventSourceMappingProtocol(mappings, (name) => `arn:aws:lambda:${context.region}:${context.accountId}:function:${name}`));
    // The section lists the template's mappings; the API's own are listed by ListEventSourceMappings.
    const outputs: Record<string, Record<string, unknown>> = byLogicalId.size > 0 ? { eventSourceMappings: section } : {};
    return {
      outputs,
      close: async () => {
        removeProtocol();
        await mappings.close();
      },
    };
  },
};
