// Streams: `AWS::Kinesis::Stream`, started as local streams on the stack's clock that the endpoint
// serves through Kinesis's JSON 1.1 protocol (over HTTP/2 or HTTP/1.1), so a function's SDK and a
// test's KinesisClient use them as they would on AWS. Ref is the stream name, GetAtt Arn its ARN.
// Lambda's Kinesis poller (event source mappings) finds the same streams
// under context.shared 'kinesis' (a KinesisStreams: byArn, get, ...).
// Sources: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kinesis-stream.html
// and its resource schema (aws-kinesis-stream.json: ShardCount "Required when StreamMode =
// PROVISIONED is passed", StreamModeDetails default PROVISIONED, MaxRecordSizeInKiB 1024-10240).

import { createHash } from 'node:crypto';
import { kinesisProtocol } from '../../endpoint/kinesis/kinesis-protocol.ts';
import { KinesisError } from '../../triggers/event-sources/kinesis-error.ts';
import { publishKinesisMetrics } from '../../triggers/event-sources/kinesis-metrics.ts';
import { KinesisStreams } from '../../triggers/event-sources/kinesis-registry.ts';
import { CloudWatchMonitor, sharedMonitorKey } from '../../triggers/metrics/cloudwatch-monitor.ts';
import type { ResourcePlan } from '../load.ts';
import type { Json } from '../parse.ts';
import type { StackPart } from '../stack-parts.ts';
import { TemplateError } from '../template-error.ts';

const streamType = 'AWS::Kinesis::Stream';
const ownProperties = ['Name', 'ShardCount', 'RetentionPeriodHours', 'StreamModeDetails', 'MaxRecordSizeInKiB'];
/** Accepted and not acted on. */
const ignoredProperties = ['StreamEncryption', 'Tags', 'DesiredShardLevelMetrics', 'WarmThroughputMiBps'];

type Property = (resource: ResourcePlan, key: string) => Json | undefined;


/** The name when Name is not set: logicalId-SUFFIX, stable across runs (CloudFormation's is random). */
function streamName(resource: ResourcePlan, property: Property): string {
  const given = property(resource, 'Name');
  if (typeof given === 'string') return given;
  return `${resource.logicalId}-${createHash('sha256').update(resource.logicalId).digest('hex').slice(0, 12).toUpperCase()}`;
}

function wholeNumber(value: Json | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : NaN;
}

export const kinesisPart: StackPart = {
  name: 'streams',
  resourceTypes: [streamType],
  functionEventTypes: [],
  // An SDK may create streams on any stack's endpoint (CreateQueue / CreateStream), as on AWS.
  startsWithEveryTemplate: true,
  references(resource, context) {
    const name = streamName(resource, context.property);
    return { ref: name, attributes: { Arn: `arn:aws:kinesis:${context.region}:${context.accountId}:stream/${name}` } };
  },
  async start(context) {
    const streams = new KinesisStreams({ region: context.region, accountId: context.accountId, clock: context.clock });
    const outputs: Record<string, unknown> = {};
    const file = context.plan.file;
    try {
      for (const resource of context.resources) {
        for (const key of Object.keys(resource.properties)) {
          if (!ownProperties.includes(key) && !ignoredProperties.includes(key)) {
            throw new TemplateError({ file, resource: resource.logicalId, property: `Properties.${key}` }, `is not a property of ${streamType} (it takes ${[...ownProperties, ...ignoredProperties].join(', ')}).`);
          }
        }
        const modeDetails = context.property(resource, 'StreamModeDetails');
        const mode = modeDetails && typeof modeDetails === 'object' && !Array.isArray(modeDetails) ? modeDetails.StreamMode : undefined;
        if (mode !== undefined && mode !== 'PROVISIONED' && mode !== 'ON_DEMAND') {
          throw new TemplateError({ file, resource: resource.logicalId, property: 'Properties.StreamModeDetails.StreamMode' }, `${JSON.stringify(mode)} must be PROVISIONED or ON_DEMAND.`);
        }
        let shardCount = wholeNumber(context.property(resource, 'ShardCount'));
        // Neither a mode nor a count: one shard, and say so (the schema asks for a count only with PROVISIONED).
        if (shardCount === undefined && mode === undefined) shardCount = 1;
        const name = streamName(resource, context.property);
        let stream;
        try {
          const retentionHours = wholeNumber(context.property(resource, 'RetentionPeriodHours'));
          const maxRecordSizeKiB = wholeNumber(context.property(resource, 'MaxRecordSizeInKiB'));
          stream = streams.create({
            name,
            ...(shardCount !== undefined ? { shardCount } : {}),
            ...(mode ? { mode } : {}),
            ...(retentionHours !== undefined ? { retentionHours } : {}),
            ...(maxRecordSizeKiB !== undefined ? { maxRecordSizeKiB } : {}),
          });
        } catch (error) {
          if (!(error instanceof KinesisError)) throw error;
          const property = /ShardCount/.test(error.message) ? 'Properties.ShardCount' : /Retention/.test(error.message) ? 'Properties.RetentionPeriodHours' : /MaxRecordSize/.test(error.message) ? 'Properties.MaxRecordSizeInKiB' : 'Properties.Name';
          throw new TemplateError({ file, resource: resource.logicalId, property }, error.message);
        }
        const shards = stream.shardIds().length;
        context.notice(`Stream ${resource.logicalId}: ${stream.name}, ${shards} shard${shards === 1 ? '' : 's'} (${stream.mode}${resource.properties.ShardCount === undefined && mode === undefined ? ', ShardCount not given' : ''}), retention ${stream.retentionHours} h`);
        outputs[resource.logicalId] = { name: stream.name, arn: stream.arn, shards };
      }
    } catch (error) {
      streams.close();
      throw error;
    }
    context.shared.set('kinesis', streams);
    // The AWS/Kinesis metrics go where the stack's CloudWatch keeps its metrics (it starts first).
    const monitor = context.shared.get(sharedMonitorKey);
    const stopMetrics = monitor instanceof CloudWatchMonitor ? publishKinesisMetrics(streams, monitor.store, context.clock) : () => {};
    // No section for a template without streams (streams made later through the SDK are not in it).
    const sections: Record<string, Record<string, unknown>> = Object.keys(outputs).length > 0 ? { streams: outputs } : {};
    const remove = context.addProtocol(kinesisProtocol(streams));
    return {
      outputs: sections,
      close: async () => {
        stopMetrics();
        remove();
        streams.close();
      },
    };
  },
};
