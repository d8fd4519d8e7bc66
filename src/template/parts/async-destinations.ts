// Asynchronous invocations that ended go where the function's settings send them: its
// dead-letter queue (DeadLetterQueue / DeadLetterConfig) and its on-success or on-failure
// destination (EventInvokeConfig / PutFunctionEventInvokeConfig). The queues are the stack's own
// (context.shared 'sqs'), so a template's queue, or one an SDK created, receives them; a Lambda
// function destination is invoked through the port. Resources it claims: none; it watches the port.

import { SqsQueues } from '../../triggers/event-sources/sqs-registry.ts';
import { deliverAsyncResult } from '../../triggers/destinations/async-delivery.ts';
import { lambdaMetricsIn } from '../../triggers/metrics/cloudwatch-monitor.ts';
import type { StackPart } from '../stack-parts.ts';

export const asyncDestinationsPart: StackPart = {
  name: 'asynchronous destinations',
  resourceTypes: [],
  functionEventTypes: [],
  startsWithEveryTemplate: true,
  async start(context) {
    const queues = context.shared.get('sqs');
    const metrics = lambdaMetricsIn(context.shared);
    const deliveries = new Set<Promise<void>>();
    const targets = {
      queueByArn: (arn: string) => (queues instanceof SqsQueues ? queues.byArn(arn) : undefined),
      port: context.port,
      ...(metrics ? { metrics } : {}),
      notice: (line: string) => context.notice(line),
    };
    const stop = context.port.observe?.({
      asyncResult(result) {
        if (!result.deadLetterTargetArn && !result.destination) return;
        const delivery = deliverAsyncResult(result, targets)
          .catch((error: Error) => context.notice(`${result.functionName}: delivering ${result.requestId} failed: ${error.message}`))
          .finally(() => deliveries.delete(delivery));
        deliveries.add(delivery);
      },
    });
    return {
      outputs: {},
      close: async () => {
        stop?.();
        await Promise.allSettled([...deliveries]);
      },
    };
  },
};
