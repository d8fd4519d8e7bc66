// The AWS/SQS metrics of a stack's queues, recorded into its CloudWatch metric store so that
// GetMetricStatistics / GetMetricData and AWS::CloudWatch::Alarm see them (an alarm on a
// dead-letter queue's ApproximateNumberOfMessagesVisible is AWS's own advice).
// Counts as they happen: NumberOfMessagesSent, SentMessageSize, NumberOfMessagesReceived,
// NumberOfEmptyReceives, NumberOfMessagesDeleted. Once a minute on the stack's clock: the
// ApproximateNumberOfMessages{Visible,NotVisible,Delayed} gauges and ApproximateAgeOfOldestMessage
// (a clock advanced by several minutes gets one sample per minute, each with the counts of now).
// A message SQS moves to a dead-letter queue is not counted as sent there, as on AWS.
// Sources: SQS Developer Guide sqs-available-cloudwatch-metrics.html (names, units, the QueueName
// dimension), dead-letter-queues-alarms-cloudwatch.html.

import type { Clock, ClockTimer } from '../../runtime/clock.ts';
import type { SqsQueue } from './sqs-queue.ts';
import type { SqsQueues } from './sqs-registry.ts';

/** Where metrics go: CloudWatch's MetricStore has this shape. */
export interface MetricSink {
  record(id: { namespace: string; name: string; dimensions: Array<{ Name: string; Value: string }> }, value: number, unit: string, timestamp: number): void;
}

export const sqsNamespace = 'AWS/SQS';
const minuteMs = 60_000;
/** A day of minutes: a longer advance samples the latest day only. */
const maxCatchUpSamples = 1440;

export function publishSqsMetrics(queues: SqsQueues, sink: MetricSink, clock: Clock): () => void {
  const stops: Array<() => void> = [];
  const tracked = new Set<SqsQueue>();
  const record = (queue: SqsQueue, name: string, value: number, unit: string, at = clock.now()) =>
    sink.record({ namespace: sqsNamespace, name, dimensions: [{ Name: 'QueueName', Value: queue.name }] }, value, unit, at);

  const track = (queue: SqsQueue) => {
    tracked.add(queue);
    stops.push(
      queue.onActivity((event) => {
        if (event.kind === 'sent') {
          record(queue, 'NumberOfMessagesSent', 1, 'Count');
          record(queue, 'SentMessageSize', event.bytes, 'Bytes');
        } else if (event.kind === 'received') {
          if (event.messages === 0) record(queue, 'NumberOfEmptyReceives', 1, 'Count');
          else record(queue, 'NumberOfMessagesReceived', event.messages, 'Count');
        } else {
          record(queue, 'NumberOfMessagesDeleted', 1, 'Count');
        }
      }),
    );
  };
  for (const name of queues.names()) track(queues.get(name)!);
  stops.push(queues.onCreated(track));

  let sampledUpTo = clock.now() - minuteMs;
  let timer: ClockTimer | undefined;
  const sample = () => {
    const now = clock.now();
    const missed = Math.min(maxCatchUpSamples, Math.max(1, Math.floor((now - sampledUpTo) / minuteMs)));
    for (const queue of tracked) {
      if (!queues.get(queue.name)) continue;
      const counts = queue.counts();
      const oldest = queue.oldestArrival();
      for (let i = missed - 1; i >= 0; i--) {
        const at = now - i * minuteMs;
        record(queue, 'ApproximateNumberOfMessagesVisible', counts.visible, 'Count', at);
        record(queue, 'ApproximateNumberOfMessagesNotVisible', counts.notVisible, 'Count', at);
        record(queue, 'ApproximateNumberOfMessagesDelayed', counts.delayed, 'Count', at);
        if (oldest !== undefined) record(queue, 'ApproximateAgeOfOldestMessage', Math.max(0, Math.floor((at - oldest) / 1000)), 'Seconds', at);
      }
    }
    sampledUpTo = now;
    timer = clock.setTimer(minuteMs, sample);
  };
  timer = clock.setTimer(minuteMs, sample);

  return () => {
    timer?.cancel();
    for (const stop of stops) stop();
  };
}
