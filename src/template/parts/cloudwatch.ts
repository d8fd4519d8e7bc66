// CloudWatch for a stack: starts with every template (every function has metrics), serves
// CloudWatch's API on the endpoint, and creates the template's AWS::CloudWatch::Alarm resources,
// as CloudFormation creates them with PutMetricAlarm. Alarms are evaluated on the stack's clock;
// each state change is a notice and shows in the outputs (section `alarms`), next to the run's
// cost estimate (section `cost`).
// Source for the properties: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudwatch-alarm.html
// (Ref gives the alarm's name; GetAtt Arn its ARN; without AlarmName CloudFormation makes one up,
// and here the logical id is the name, so a lab finds it).

import { cloudWatchProtocol } from '../../endpoint/cloudwatch/protocol.ts';
import { AlarmRuleError, checkAlarm, watchedName } from '../../triggers/metrics/alarms.ts';
import { CloudWatchMonitor, sharedMonitorKey } from '../../triggers/metrics/cloudwatch-monitor.ts';
import { architectures, type Architecture } from '../../triggers/metrics/prices.ts';
import type { ResourcePlan } from '../load.ts';
import type { Json } from '../parse.ts';
import type { ReferenceContext, StackPart, StackPartContext, StartedStackPart } from '../stack-parts.ts';
import { TemplateError } from '../template-error.ts';

export const alarmType = 'AWS::CloudWatch::Alarm';

const alarmProperties = [
  'AlarmName', 'AlarmDescription', 'MetricName', 'Namespace', 'Dimensions', 'Statistic', 'ExtendedStatistic', 'Period',
  'EvaluationPeriods', 'DatapointsToAlarm', 'Threshold', 'ComparisonOperator', 'TreatMissingData', 'Unit', 'ActionsEnabled',
  'AlarmActions', 'OKActions', 'InsufficientDataActions', 'Metrics',
];

function alarmName(resource: ResourcePlan, property: (key: string) => Json | undefined): string {
  const name = property('AlarmName');
  return typeof name === 'string' && name !== '' ? name : resource.logicalId;
}

/** The architecture of each deployed function, from its template (Lambda's default is x86_64). */
function architecturesByName(context: StackPartContext): Map<string, Architecture> {
  const byName = new Map<string, Architecture>();
  for (const resource of context.plan.functions) {
    const deployed = context.stack.functions[resource.logicalId];
    const declared = context.property(resource, 'Architectures');
    const first = Array.isArray(declared) ? declared[0] : undefined;
    if (deployed) byName.set(deployed.name, (architectures as readonly unknown[]).includes(first) ? (first as Architecture) : 'x86_64');
  }
  return byName;
}

async function start(context: StackPartContext): Promise<StartedStackPart> {
  const byName = architecturesByName(context);
  const monitor = new CloudWatchMonitor({
    clock: context.clock,
    region: context.region,
    accountId: context.accountId,
    architectureOf: (name) => byName.get(name) ?? 'x86_64',
    notice: context.notice,
  });
  const watching = monitor.watch(context.port);
  const removeProtocol = context.addProtocol(cloudWatchProtocol(monitor));
  // The parts that start after this one record IteratorAge, DeadLetterErrors... into it.
  context.shared.set(sharedMonitorKey, monitor);
  const unregister = () => context.shared.delete(sharedMonitorKey);

  const alarms: Record<string, unknown> = {};
  let current: string | undefined;
  try {
    for (const resource of context.resources) {
      current = resource.logicalId;
      const property = (key: string) => context.property(resource, key);
      const input: Record<string, unknown> = {};
      for (const key of alarmProperties) {
        const value = property(key);
        if (value !== undefined) input[key] = value;
      }
      input.AlarmName = alarmName(resource, property);
      const definition = checkAlarm(input, 'Properties.');
      const status = monitor.putAlarm(definition);
      // Read at each look: PutMetricAlarm or DeleteAlarms through the API may replace or remove it.
      const now = () => monitor.alarm(definition.AlarmName);
      if (definition.AlarmActions?.length || definition.OKActions?.length || definition.InsufficientDataActions?.length) {
        context.notice(`${resource.logicalId}: alarm actions are listed, not performed here (no SNS, Auto Scaling or EC2 actions); the state changes show on this console and in the outputs.`);
      }
      alarms[resource.logicalId] = {
        name: definition.AlarmName,
        arn: status.arn,
        metric: definition.Metrics ? `metric math: ${watchedName(definition)}` : `${definition.Namespace} ${definition.MetricName}${definition.Dimensions.map((d) => ` ${d.Name}=${d.Value}`).join('')}`,
        get state() {
          return now()?.state;
        },
        get reason() {
          return now()?.reason;
        },
        get stateUpdatedAt() {
          const updated = now()?.stateUpdatedAt;
          return updated === undefined ? undefined : new Date(updated).toISOString();
        },
      };
    }
  } catch (error) {
    monitor.close();
    removeProtocol();
    unregister();
    if (error instanceof AlarmRuleError) {
      const property = /^Properties\.\w+/.exec(error.message)?.[0];
      const rule = property ? error.message.slice(property.length).replace(/^ /, '') : error.message;
      throw new TemplateError({ file: context.plan.file, ...(current ? { resource: current } : {}), ...(property ? { property } : {}) }, rule);
    }
    throw error;
  }
  const seen = watching ? 'AWS/Lambda metrics and EMF metrics of the invocations the Lambda port sees (every one on the embedded service; on an endpoint, those this stack makes)' : 'no invocation metrics (this Lambda port cannot be watched)';
  context.notice(`CloudWatch on ${context.endpointUrl}: ${seen}; PutMetricData; ${context.resources.length} alarm${context.resources.length === 1 ? '' : 's'} on the stack's clock; a cost estimate (outputs: alarms, cost).`);
  const cost = {
    get functions() {
      return monitor.cost.summary().functions;
    },
    get total() {
      return monitor.cost.summary().total;
    },
    get anomalies() {
      return monitor.cost.anomalies();
    },
    prices: monitor.cost.summary().prices,
    rule: monitor.cost.summary().rule,
  };
  return {
    outputs: { ...(context.resources.length > 0 ? { alarms } : {}), cost: { run: cost } },
    async close() {
      const total = monitor.cost.total();
      if (total.requests > 0) context.notice(costSummaryLine(monitor));
      monitor.close();
      removeProtocol();
      unregister();
    },
  };
}

/** The run's cost, said once as the stack stops: the total, then each function. */
function costSummaryLine(monitor: CloudWatchMonitor): string {
  const total = monitor.cost.total();
  const each = monitor.cost
    .byFunction()
    .map((f) => `${f.functionName} ${f.requests} x ${f.architecture} $${f.usd.toFixed(8)}`)
    .join(', ');
  return `Cost of this run on Lambda: ${total.requests} requests, ${total.gbSeconds.toFixed(3)} GB-seconds ≈ $${total.usd.toFixed(8)} (${each}; ${monitor.cost.summary().prices}).`;
}

export const cloudWatchPart: StackPart = {
  name: 'CloudWatch',
  resourceTypes: [alarmType],
  functionEventTypes: [],
  startsWithEveryTemplate: true,
  references(resource: ResourcePlan, context: ReferenceContext) {
    const name = alarmName(resource, (key) => context.property(resource, key));
    return { ref: name, attributes: { Arn: `arn:aws:cloudwatch:${context.region}:${context.accountId}:alarm:${name}` } };
  },
  start,
};
