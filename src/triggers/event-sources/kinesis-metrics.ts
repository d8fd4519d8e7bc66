// The AWS/Kinesis stream-level metrics of a stack's streams, recorded into its CloudWatch metric
// store (GetMetricStatistics / GetMetricData, alarms): IncomingRecords and IncomingBytes for each
// record put, and for each read (GetRecords on the endpoint, or Lambda's poller, which reads with
// GetRecords on AWS too) GetRecords.Success, GetRecords.Records, GetRecords.Bytes and
// GetRecords.IteratorAgeMilliseconds (now less the arrival of the last record returned).
// Bytes count the data and the partition key, as the record size limit does.
// Source: Kinesis Developer Guide monitoring-with-cloudwatch.html (stream-level metrics, the
// StreamName dimension, units).

import type { Clock } from '../../runtime/clock.ts';
import type { KinesisStreams } from './kinesis-registry.ts';
import type { KinesisStream } from './kinesis-stream.ts';
import type { MetricSink } from './sqs-metrics.ts';

export const kinesisNamespace = 'AWS/Kinesis';

export function publishKinesisMetrics(streams: KinesisStreams, sink: MetricSink, clock: Clock): () => void {
  const stops: Array<() => void> = [];
  const track = (stream: KinesisStream) => {
    const record = (name: string, value: number, unit: string) =>
      sink.record({ namespace: kinesisNamespace, name, dimensions: [{ Name: 'StreamName', Value: stream.name }] }, value, unit, clock.now());
    stops.push(
      stream.onActivity((event) => {
        if (event.kind === 'put') {
          record('IncomingRecords', 1, 'Count');
          record('IncomingBytes', event.bytes, 'Bytes');
        } else {
          record('GetRecords.Success', 1, 'Count');
          record('GetRecords.Records', event.records, 'Count');
          record('GetRecords.Bytes', event.bytes, 'Bytes');
          record('GetRecords.IteratorAgeMilliseconds', event.iteratorAgeMs, 'Milliseconds');
        }
      }),
    );
  };
  for (const name of streams.names()) track(streams.get(name)!);
  stops.push(streams.onCreated(track));
  return () => {
    for (const stop of stops) stop();
  };
}
