// CloudWatch's API operations over a CloudWatchMonitor, on plain objects (the protocol module
// decodes requests and encodes answers): GetMetricData, GetMetricStatistics, ListMetrics,
// PutMetricData, PutMetricAlarm, DescribeAlarms, DescribeAlarmHistory, SetAlarmState, DeleteAlarms, with the limits
// and error codes of CloudWatch's API reference
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/, one page per operation).

import { AlarmRuleError, alarmStates, checkAlarm, type AlarmState } from '../../triggers/metrics/alarms.ts';
import type { AlarmStatus, CloudWatchMonitor } from '../../triggers/metrics/cloudwatch-monitor.ts';
import { checkQueries, MetricQueryError, runQueries, type MetricQuery } from '../../triggers/metrics/metric-queries.ts';
import { isKnownStatistic, units, type Dimension } from '../../triggers/metrics/metric-store.ts';

export class CloudWatchError extends Error {
  /** The query-protocol code (InvalidParameterValue) and the error shape the SDK throws. */
  readonly code: string;
  readonly shape: string;
  readonly status: number;
  constructor(code: string, shape: string, status: number, message: string) {
    super(message);
    this.code = code;
    this.shape = shape;
    this.status = status;
  }
}

const invalid = (message: string) => new CloudWatchError('InvalidParameterValue', 'InvalidParameterValueException', 400, message);
const missing = (message: string) => new CloudWatchError('MissingParameter', 'MissingRequiredParameterException', 400, message);
const notFound = (message: string) => new CloudWatchError('ResourceNotFound', 'ResourceNotFound', 404, message);

type Input = Record<string, unknown>;

/** Epoch milliseconds from what a protocol gives for a timestamp: epoch seconds, a Date, or ISO text. */
export function timestampMs(value: unknown, field: string): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  throw invalid(`${field} ${JSON.stringify(value)} is not a timestamp.`);
}

/**
 * Where the first period starts: CloudWatch rounds StartTime down to the minute when it is less
 * than 15 days ago, to 5 minutes up to 63 days, and to the hour beyond (API_GetMetricStatistics.html,
 * StartTime); a high-resolution period under a minute starts on a multiple of itself.
 */
function roundedStart(startMs: number, periodSeconds: number, nowMs: number): number {
  const day = 86_400_000;
  const age = nowMs - startMs;
  const unit = periodSeconds < 60 ? periodSeconds * 1000 : age < 15 * day ? 60_000 : age < 63 * day ? 300_000 : 3_600_000;
  return Math.floor(startMs / unit) * unit;
}

function dimensionsOf(value: unknown, field: string): Dimension[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 30) throw invalid(`${field} must be a list of at most 30 dimensions.`);
  return value.map((d, i) => {
    const { Name, Value } = (d ?? {}) as Record<string, unknown>;
    if (typeof Name !== 'string' || Name.length < 1 || Name.length > 255 || Name.startsWith(':')) throw invalid(`${field}[${i}].Name must be 1 to 255 characters, not starting with a colon.`);
    if (typeof Value !== 'string' || Value.length < 1 || Value.length > 1024) throw invalid(`${field}[${i}].Value must be 1 to 1024 characters.`);
    return { Name, Value };
  });
}

function periodOf(value: unknown, field: string): number {
  const period = Number(value);
  if (!Number.isInteger(period) || period < 1 || !(period === 1 || period === 5 || period === 10 || period === 20 || period === 30 || period % 60 === 0)) {
    throw invalid(`${field} ${JSON.stringify(value)} must be 1, 5, 10, 20, 30 or a multiple of 60 seconds.`);
  }
  return period;
}

function unitOf(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(units as readonly string[]).includes(value)) throw invalid(`${field} ${JSON.stringify(value)} is not a CloudWatch unit (${units.join(', ')}).`);
  return value;
}

function putMetricData(monitor: CloudWatchMonitor, input: Input): Input {
  const namespace = input.Namespace;
  if (typeof namespace !== 'string' || namespace.length < 1 || namespace.length > 255) throw missing('Namespace is required (1 to 255 characters).');
  // CloudWatch keeps AWS/ for AWS's own services (API_PutMetricData.html, Namespace).
  if (namespace.startsWith('AWS/')) throw invalid(`The value ${namespace} for parameter Namespace is invalid: namespaces starting with AWS/ are AWS's own; choose your own, such as MyApp.`);
  const data = input.MetricData;
  if (!Array.isArray(data) || data.length === 0) throw missing('MetricData is required: a list of 1 to 1000 data.');
  if (data.length > 1000) throw invalid(`MetricData has ${data.length} data; PutMetricData takes at most 1000.`);
  const now = monitor.clock.now();
  data.forEach((raw, i) => {
    const datum = (raw ?? {}) as Input;
    const at = `MetricData.member.${i + 1}`;
    if (typeof datum.MetricName !== 'string' || datum.MetricName.length < 1 || datum.MetricName.length > 255) throw missing(`${at}.MetricName is required (1 to 255 characters).`);
    const id = { namespace, name: datum.MetricName, dimensions: dimensionsOf(datum.Dimensions, `${at}.Dimensions`) };
    const unit = unitOf(datum.Unit, `${at}.Unit`) ?? 'None';
    const timestamp = datum.Timestamp === undefined ? now : timestampMs(datum.Timestamp, `${at}.Timestamp`);
    // Accepted: up to two weeks old and two hours ahead (API_PutMetricData.html).
    if (timestamp < now - 14 * 86_400_000 || timestamp > now + 2 * 3_600_000) throw invalid(`${at}.Timestamp ${new Date(timestamp).toISOString()} must be within the last two weeks and at most two hours ahead.`);
    const given = ['Value', 'Values', 'StatisticValues'].filter((k) => datum[k] !== undefined);
    if (given.length !== 1) throw new CloudWatchError('InvalidParameterCombination', 'InvalidParameterCombinationException', 400, `${at} must have exactly one of Value, Values and StatisticValues (it has ${given.join(', ') || 'none'}).`);
    if (datum.Value !== undefined) {
      if (typeof datum.Value !== 'number' || !Number.isFinite(datum.Value)) throw invalid(`${at}.Value must be a number.`);
      monitor.store.record(id, datum.Value, unit, timestamp);
    } else if (datum.Values !== undefined) {
      const values = datum.Values as unknown[];
      const counts = (datum.Counts as unknown[] | undefined) ?? values.map(() => 1);
      if (!Array.isArray(values) || values.length > 150 || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) throw invalid(`${at}.Values must be at most 150 numbers.`);
      if (!Array.isArray(counts) || counts.length !== values.length) throw invalid(`${at}.Counts must have as many items as Values.`);
      values.forEach((v, k) => {
        const c = Number(counts[k]);
        const value = v as number;
        monitor.store.add(id, { timestamp, sampleCount: c, sum: value * c, min: value, max: value, values: Array.from({ length: Math.min(c, 10_000) }, () => value), unit });
      });
    } else {
      const s = datum.StatisticValues as Record<string, unknown>;
      const [count, sum, min, max] = ['SampleCount', 'Sum', 'Minimum', 'Maximum'].map((k) => s?.[k]);
      if (![count, sum, min, max].every((v) => typeof v === 'number' && Number.isFinite(v))) throw invalid(`${at}.StatisticValues needs SampleCount, Sum, Minimum and Maximum as numbers.`);
      monitor.store.add(id, { timestamp, sampleCount: count as number, sum: sum as number, min: min as number, max: max as number, unit });
    }
  });
  return {};
}

function getMetricStatistics(monitor: CloudWatchMonitor, input: Input): Input {
  const statistics = [...((input.Statistics as string[] | undefined) ?? []), ...((input.ExtendedStatistics as string[] | undefined) ?? [])];
  if (statistics.length === 0) throw missing('Statistics or ExtendedStatistics is required (SampleCount, Average, Sum, Minimum, Maximum, or a percentile such as p99).');
  for (const s of statistics) if (!isKnownStatistic(s)) throw invalid(`The statistic ${JSON.stringify(s)} is not SampleCount, Average, Sum, Minimum, Maximum or a percentile such as p99.`);
  if (typeof input.Namespace !== 'string' || typeof input.MetricName !== 'string') throw missing('Namespace and MetricName are required.');
  const startMs = timestampMs(input.StartTime, 'StartTime');
  const endMs = timestampMs(input.EndTime, 'EndTime');
  if (endMs <= startMs) throw invalid('EndTime must be after StartTime.');
  const unit = unitOf(input.Unit, 'Unit');
  const periodSeconds = periodOf(input.Period, 'Period');
  const from = roundedStart(startMs, periodSeconds, monitor.clock.now());
  if ((endMs - startMs) / 1000 / periodSeconds > 1440) throw invalid(`The request asks for ${Math.ceil((endMs - startMs) / 1000 / periodSeconds)} datapoints; GetMetricStatistics returns at most 1440: use a longer Period or a shorter time range.`);
  const points = monitor.store.statistics({ namespace: input.Namespace, name: input.MetricName, dimensions: dimensionsOf(input.Dimensions, 'Dimensions'), startMs: from, endMs, periodSeconds, statistics, ...(unit ? { unit } : {}) });
  return {
    Label: input.MetricName,
    Datapoints: points.map((p) => {
      const extended = Object.fromEntries(Object.entries(p.values).filter(([k]) => /^p/.test(k)));
      const basic = Object.fromEntries(Object.entries(p.values).filter(([k]) => !/^p/.test(k)));
      return { Timestamp: new Date(p.timestamp), Unit: p.unit, ...basic, ...(Object.keys(extended).length ? { ExtendedStatistics: extended } : {}) };
    }),
  };
}

function getMetricData(monitor: CloudWatchMonitor, input: Input): Input {
  const raw = input.MetricDataQueries as Input[] | undefined;
  if (!Array.isArray(raw) || raw.length === 0) throw missing('MetricDataQueries is required: 1 to 500 queries.');
  if (raw.length > 500) throw invalid(`MetricDataQueries has ${raw.length} queries; at most 500.`);
  const startMs = timestampMs(input.StartTime, 'StartTime');
  const endMs = timestampMs(input.EndTime, 'EndTime');
  if (endMs <= startMs) throw invalid('EndTime must be after StartTime.');
  let queries: MetricQuery[];
  try {
    queries = checkQueries(raw, 'MetricDataQueries.member.');
  } catch (error) {
    if (error instanceof MetricQueryError) throw invalid(error.message);
    throw error;
  }
  queries.forEach((q, i) => {
    if (!q.MetricStat) return;
    unitOf(q.MetricStat.Unit, `MetricDataQueries.member.${i + 1}.MetricStat.Unit`);
    dimensionsOf(q.MetricStat.Metric.Dimensions, `MetricDataQueries.member.${i + 1}.MetricStat.Metric.Dimensions`);
  });
  const shortest = Math.min(...queries.map((q) => q.MetricStat?.Period ?? Infinity));
  const series = runQueries(monitor.store, queries, roundedStart(startMs, Number.isFinite(shortest) ? shortest : 60, monitor.clock.now()), endMs);
  const descending = (input.ScanBy ?? 'TimestampDescending') === 'TimestampDescending';
  const results = queries
    .filter((q) => q.ReturnData !== false)
    .map((q) => {
      const points = [...series.get(q.Id)!].sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]));
      return { Id: q.Id, Label: q.Label ?? q.MetricStat?.Metric.MetricName ?? q.Id, Timestamps: points.map(([t]) => new Date(t)), Values: points.map(([, v]) => v), StatusCode: 'Complete' };
    });
  return { MetricDataResults: results, Messages: [] };
}

function listMetrics(monitor: CloudWatchMonitor, input: Input): Input {
  const filters = ((input.Dimensions as Input[] | undefined) ?? []).map((d) => ({ Name: String(d.Name), ...(typeof d.Value === 'string' ? { Value: d.Value } : {}) }));
  // RecentlyActive PT3H: only metrics with data in the past three hours (API_ListMetrics.html).
  const since = input.RecentlyActive === 'PT3H' ? monitor.clock.now() - 3 * 3_600_000 : undefined;
  const found = monitor.store.list({
    ...(typeof input.Namespace === 'string' ? { namespace: input.Namespace } : {}),
    ...(typeof input.MetricName === 'string' ? { name: input.MetricName } : {}),
    dimensions: filters,
    ...(since !== undefined ? { sinceMs: since } : {}),
  });
  return { Metrics: found.map((m) => ({ Namespace: m.namespace, MetricName: m.name, Dimensions: m.dimensions })) };
}

function alarmShape(alarm: AlarmStatus): Input {
  const d = alarm.definition;
  return {
    ...d,
    AlarmArn: alarm.arn,
    ActionsEnabled: d.ActionsEnabled ?? true,
    AlarmActions: d.AlarmActions ?? [],
    OKActions: d.OKActions ?? [],
    InsufficientDataActions: d.InsufficientDataActions ?? [],
    StateValue: alarm.state,
    StateReason: alarm.reason,
    StateUpdatedTimestamp: new Date(alarm.stateUpdatedAt),
    StateTransitionedTimestamp: new Date(alarm.stateUpdatedAt),
    AlarmConfigurationUpdatedTimestamp: new Date(alarm.configurationUpdatedAt),
  };
}

function putMetricAlarm(monitor: CloudWatchMonitor, input: Input): Input {
  try {
    monitor.putAlarm(checkAlarm(input));
  } catch (error) {
    if (error instanceof AlarmRuleError) throw new CloudWatchError(error.code, error.code === 'MissingParameter' ? 'MissingRequiredParameterException' : `${error.code}Exception`, 400, error.message);
    throw error;
  }
  return {};
}

function describeAlarms(monitor: CloudWatchMonitor, input: Input): Input {
  const names = input.AlarmNames as string[] | undefined;
  const prefix = input.AlarmNamePrefix as string | undefined;
  const state = input.StateValue as string | undefined;
  const alarms = monitor.listAlarms().filter((a) => (!names?.length || names.includes(a.definition.AlarmName)) && (prefix === undefined || a.definition.AlarmName.startsWith(prefix)) && (state === undefined || a.state === state));
  return { MetricAlarms: alarms.map(alarmShape), CompositeAlarms: [] };
}

function setAlarmState(monitor: CloudWatchMonitor, input: Input): Input {
  const state = input.StateValue as AlarmState;
  if (!alarmStates.includes(state)) throw invalid(`StateValue ${JSON.stringify(state)} is not one of ${alarmStates.join(', ')}.`);
  if (typeof input.StateReason !== 'string') throw missing('StateReason is required.');
  if (!monitor.setAlarmState(String(input.AlarmName), state, input.StateReason)) throw notFound(`Alarm ${String(input.AlarmName)} does not exist.`);
  return {};
}

function deleteAlarms(monitor: CloudWatchMonitor, input: Input): Input {
  const names = (input.AlarmNames as string[] | undefined) ?? [];
  const unknown = names.filter((n) => !monitor.alarm(n));
  if (unknown.length > 0) throw notFound(`Alarm ${unknown.join(', ')} does not exist.`);
  for (const name of names) monitor.deleteAlarm(name);
  return {};
}

/** State changes only (configuration and action history are not kept here). */
function describeAlarmHistory(monitor: CloudWatchMonitor, input: Input): Input {
  const type = input.HistoryItemType as string | undefined;
  if (type !== undefined && !['StateUpdate', 'ConfigurationUpdate', 'Action', 'AlarmContributorStateUpdate', 'AlarmContributorAction'].includes(type)) throw invalid(`HistoryItemType ${JSON.stringify(type)} is not StateUpdate, ConfigurationUpdate or Action.`);
  const from = input.StartDate === undefined ? -Infinity : timestampMs(input.StartDate, 'StartDate');
  const to = input.EndDate === undefined ? Infinity : timestampMs(input.EndDate, 'EndDate');
  const items = monitor
    .listAlarms()
    .filter((a) => input.AlarmName === undefined || a.definition.AlarmName === input.AlarmName)
    .flatMap((a) => a.history.filter((h) => h.from !== h.to).map((h) => ({ alarm: a.definition.AlarmName, ...h })))
    .filter((h) => (type === undefined || type === 'StateUpdate') && h.at >= from && h.at <= to)
    .sort((a, b) => (input.ScanBy === 'TimestampAscending' ? a.at - b.at : b.at - a.at))
    .slice(0, typeof input.MaxRecords === 'number' ? input.MaxRecords : 100);
  return {
    AlarmHistoryItems: items.map((h) => ({
      AlarmName: h.alarm,
      AlarmType: 'MetricAlarm',
      Timestamp: new Date(h.at),
      HistoryItemType: 'StateUpdate',
      HistorySummary: `Alarm updated from ${h.from} to ${h.to}`,
      HistoryData: JSON.stringify({ version: '1.0', oldState: { stateValue: h.from }, newState: { stateValue: h.to, stateReason: h.reason } }),
    })),
  };
}

export const cloudWatchOperations: Record<string, (monitor: CloudWatchMonitor, input: Input) => Input> = {
  GetMetricData: getMetricData,
  GetMetricStatistics: getMetricStatistics,
  ListMetrics: listMetrics,
  PutMetricData: putMetricData,
  PutMetricAlarm: putMetricAlarm,
  DescribeAlarms: describeAlarms,
  SetAlarmState: setAlarmState,
  DescribeAlarmHistory: describeAlarmHistory,
  DeleteAlarms: deleteAlarms,
};
