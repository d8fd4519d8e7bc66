// Embedded Metric Format as CloudWatch reads it from a Lambda log line: after the runtime's
// metadata, one JSON document; what breaks the specification yields no metric and a reason.

import { describe, expect, it } from 'vitest';
import { parseEmf } from '../../../src/triggers/metrics/emf.ts';

const doc = (overrides: Record<string, unknown> = {}, directive: Record<string, unknown> = {}) =>
  JSON.stringify({ _aws: { Timestamp: 1_700_000_000_000, CloudWatchMetrics: [{ Namespace: 'Shop', Dimensions: [['Service']], Metrics: [{ Name: 'Latency', Unit: 'Milliseconds' }], ...directive }] }, Service: 'cart', Latency: 12, ...overrides });

describe('Embedded Metric Format', () => {
  it('reads a document after Node.js console.log metadata, one metric per dimension set', () => {
    const line = `2026-12-07T20:00:00.000Z\t1b2c\tINFO\t${doc({}, { Dimensions: [['Service'], []] })}`;
    const result = parseEmf(line);
    expect(result).toEqual({
      kind: 'metrics',
      metrics: [
        { namespace: 'Shop', name: 'Latency', dimensions: [{ Name: 'Service', Value: 'cart' }], values: [12], unit: 'Milliseconds', storageResolution: 60, timestamp: 1_700_000_000_000 },
        { namespace: 'Shop', name: 'Latency', dimensions: [], values: [12], unit: 'Milliseconds', storageResolution: 60, timestamp: 1_700_000_000_000 },
      ],
    });
  });

  it('reads a pretty-printed document kept in one log record, its line breaks written as \\r', () => {
    const pretty = JSON.stringify(JSON.parse(doc()), null, 2).replace(/\n/g, '\r');
    const result = parseEmf(`2026-12-07T20:00:00.000Z\t1b2c\tINFO\t${pretty}`);
    expect(result.kind === 'metrics' && result.metrics.map((m) => m.values)).toEqual([[12]]);
  });

  it('a line without _aws, or that is not JSON, is only a log line', () => {
    expect(parseEmf('hello')).toEqual({ kind: 'none' });
    expect(parseEmf(JSON.stringify({ Latency: 1 }))).toEqual({ kind: 'none' });
    expect(parseEmf('{"_aws": oops}')).toEqual({ kind: 'none' });
  });

  it('refuses what the specification forbids, saying which rule', () => {
    const reason = (line: string) => {
      const r = parseEmf(line);
      return r.kind === 'invalid' ? r.reason : r.kind;
    };
    expect(reason(JSON.stringify({ _aws: { CloudWatchMetrics: [] } }))).toMatch(/_aws.Timestamp must be a number of milliseconds/);
    expect(reason(doc({ Service: 7 }))).toMatch(/dimension Service must be a string member on the root of the document, not 7/);
    expect(reason(doc({ Latency: 'fast' }))).toMatch(/metric Latency must be a number or an array of numbers/);
    expect(reason(doc({ Latency: Array.from({ length: 101 }, () => 1) }))).toMatch(/101 values; an array holds at most 100/);
    expect(reason(doc({}, { Metrics: [{ Name: 'Latency', Unit: 'ms' }] }))).toMatch(/Unit "ms" is not a CloudWatch unit/);
    expect(reason(doc({}, { Dimensions: [Array.from({ length: 31 }, (_, i) => `d${i}`)] }))).toMatch(/31 keys; a dimension set holds at most 30/);
    expect(reason(doc({}, { Metrics: Array.from({ length: 101 }, () => ({ Name: 'Latency' })) }))).toMatch(/101 definitions; at most 100/);
    expect(reason(doc({}, { Namespace: '' }))).toMatch(/Namespace must be a string of 1 to 255 characters/);
  });
});
