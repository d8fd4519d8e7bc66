// Embedded Metric Format: a JSON log line whose `_aws.CloudWatchMetrics` directives tell
// CloudWatch Logs which of its members are metrics and which are dimensions. A document that
// breaks the specification is kept as a log line and yields no metric; we also say why, which
// CloudWatch does not.
// Source: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
// (stored copy: awsdocs/amazon-cloudwatch-user-guide doc_source/CloudWatch_Embedded_Metric_Format_Specification.md):
// - "On Lambda ... a valid embedded metric format document after this metadata [timestamp, request
//   id] is considered valid", so Node.js's console.log prefix is allowed;
// - `_aws` must hold CloudWatchMetrics (an array of directives) and Timestamp (epoch milliseconds);
// - a directive has Namespace (1-255 characters), Dimensions (an array of dimension sets) and
//   Metrics (at most 100 definitions, each with Name and an optional valid Unit);
// - a dimension set names root members with string values; at most 30 keys (the current page; the
//   2019 text said 9);
// - a metric target is a number or an array of at most 100 numbers, on the root, not nested.

import { units, type Dimension } from './metric-store.ts';

export interface EmfMetric {
  namespace: string;
  name: string;
  dimensions: Dimension[];
  values: number[];
  unit: string;
  /** 1 for high resolution, 60 (the default) for standard. */
  storageResolution: number;
  timestamp: number;
}

export type EmfResult = { kind: 'none' } | { kind: 'metrics'; metrics: EmfMetric[] } | { kind: 'invalid'; reason: string };

const maxMetricsPerDirective = 100;
const maxDimensionKeys = 30;
const maxValuesPerTarget = 100;

/** The JSON document in a log line, after any metadata Lambda's runtime put before it. */
function documentIn(line: string): string | undefined {
  const trimmed = line.trim();
  if (!trimmed.includes('"_aws"')) return undefined;
  const start = trimmed.indexOf('{');
  return start < 0 || !trimmed.endsWith('}') ? undefined : trimmed.slice(start);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nameOk = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 255;

export function parseEmf(line: string): EmfResult {
  const text = documentIn(line);
  if (text === undefined) return { kind: 'none' };
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return { kind: 'none' };
  }
  if (!isRecord(root) || !('_aws' in root)) return { kind: 'none' };
  const invalid = (reason: string): EmfResult => ({ kind: 'invalid', reason });
  const aws = root._aws;
  if (!isRecord(aws)) return invalid('_aws must be an object holding CloudWatchMetrics and Timestamp.');
  if (typeof aws.Timestamp !== 'number' || !Number.isFinite(aws.Timestamp)) {
    return invalid(`_aws.Timestamp must be a number of milliseconds since the epoch (Date.now()), not ${JSON.stringify(aws.Timestamp)}.`);
  }
  if (!Array.isArray(aws.CloudWatchMetrics)) return invalid('_aws.CloudWatchMetrics must be an array of metric directives.');
  const metrics: EmfMetric[] = [];
  for (const [i, directive] of aws.CloudWatchMetrics.entries()) {
    const at = `_aws.CloudWatchMetrics[${i}]`;
    if (!isRecord(directive)) return invalid(`${at} must be an object with Namespace, Dimensions and Metrics.`);
    if (!nameOk(directive.Namespace)) return invalid(`${at}.Namespace must be a string of 1 to 255 characters, not ${JSON.stringify(directive.Namespace)}.`);
    if (!Array.isArray(directive.Dimensions)) return invalid(`${at}.Dimensions must be an array of dimension sets, e.g. [["Service"]] or [[]].`);
    if (!Array.isArray(directive.Metrics)) return invalid(`${at}.Metrics must be an array of {"Name": ..., "Unit": ...}.`);
    if (directive.Metrics.length > maxMetricsPerDirective) return invalid(`${at}.Metrics has ${directive.Metrics.length} definitions; at most ${maxMetricsPerDirective} are allowed.`);
    const sets: Dimension[][] = [];
    for (const [j, set] of directive.Dimensions.entries()) {
      if (!Array.isArray(set)) return invalid(`${at}.Dimensions[${j}] must be an array of member names.`);
      if (set.length > maxDimensionKeys) return invalid(`${at}.Dimensions[${j}] has ${set.length} keys; a dimension set holds at most ${maxDimensionKeys}.`);
      const dims: Dimension[] = [];
      for (const key of set) {
        if (!nameOk(key)) return invalid(`${at}.Dimensions[${j}] holds ${JSON.stringify(key)}: a dimension key is a string of 1 to 255 characters.`);
        const value = root[key];
        if (typeof value !== 'string') return invalid(`dimension ${key} must be a string member on the root of the document, not ${value === undefined ? 'missing' : JSON.stringify(value)}.`);
        dims.push({ Name: key, Value: value });
      }
      sets.push(dims);
    }
    for (const [k, definition] of directive.Metrics.entries()) {
      if (!isRecord(definition) || !nameOk(definition.Name)) return invalid(`${at}.Metrics[${k}] must be an object with a Name of 1 to 255 characters.`);
      const unit = definition.Unit ?? 'None';
      if (typeof unit !== 'string' || !(units as readonly string[]).includes(unit)) return invalid(`${at}.Metrics[${k}].Unit ${JSON.stringify(unit)} is not a CloudWatch unit (${units.join(', ')}).`);
      const resolution = definition.StorageResolution ?? 60;
      if (resolution !== 1 && resolution !== 60) return invalid(`${at}.Metrics[${k}].StorageResolution must be 1 or 60, not ${JSON.stringify(resolution)}.`);
      const target = root[definition.Name];
      const values = typeof target === 'number' ? [target] : Array.isArray(target) ? target : undefined;
      if (!values || values.length === 0 || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        return invalid(`metric ${definition.Name} must be a number or an array of numbers on the root of the document, not ${target === undefined ? 'missing' : JSON.stringify(target)}.`);
      }
      if (values.length > maxValuesPerTarget) return invalid(`metric ${definition.Name} has ${values.length} values; an array holds at most ${maxValuesPerTarget}.`);
      for (const dimensions of sets) {
        metrics.push({ namespace: directive.Namespace, name: definition.Name, dimensions, values: values as number[], unit, storageResolution: resolution, timestamp: aws.Timestamp });
      }
    }
  }
  return { kind: 'metrics', metrics };
}
