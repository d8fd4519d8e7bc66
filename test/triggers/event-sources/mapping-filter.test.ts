// FilterCriteria rules, one by one, on the record views the pollers build (an SQS body, Kinesis
// data and partition key), as DG invocation-eventfiltering.html describes them.

import { describe, expect, it } from 'vitest';
import { checkFilterCriteria, filterValue, recordFilter } from '../../../src/triggers/event-sources/mapping-filter.ts';

const sqs = (body: unknown) => ({ body: filterValue(typeof body === 'string' ? body : JSON.stringify(body)) });
function passes(pattern: object, view: Record<string, unknown>): boolean {
  return recordFilter(checkFilterCriteria({ Filters: [{ Pattern: JSON.stringify(pattern) }] }))!(view);
}

describe('FilterCriteria patterns', () => {
  it('matches literal values of the right type only, and any element of a list', () => {
    expect(passes({ body: { status: ['done'] } }, sqs({ status: 'done' }))).toBe(true);
    expect(passes({ body: { count: [3] } }, sqs({ count: '3' }))).toBe(false);
    expect(passes({ body: { tags: ['red'] } }, sqs({ tags: ['blue', 'red'] }))).toBe(true);
    expect(passes({ body: { gone: [null] } }, sqs({ gone: null }))).toBe(true);
    expect(passes({ body: ['plain text'] }, sqs('plain text'))).toBe(true);
  });

  it('matches prefix, suffix, equals-ignore-case and wildcard on strings', () => {
    expect(passes({ body: { id: [{ prefix: 'ord-' }] } }, sqs({ id: 'ord-17' }))).toBe(true);
    expect(passes({ body: { file: [{ suffix: '.png' }] } }, sqs({ file: 'cat.jpg' }))).toBe(false);
    expect(passes({ body: { name: [{ 'equals-ignore-case': 'ADA' }] } }, sqs({ name: 'Ada' }))).toBe(true);
    expect(passes({ body: { path: [{ wildcard: 'img/*/thumb.png' }] } }, sqs({ path: 'img/2026/thumb.png' }))).toBe(true);
    expect(passes({ body: { path: [{ wildcard: 'img/*.png' }] } }, sqs({ path: 'doc/a.png' }))).toBe(false);
  });

  it('matches anything-but, numeric ranges and exists', () => {
    expect(passes({ body: { state: [{ 'anything-but': ['failed', 'cancelled'] }] } }, sqs({ state: 'done' }))).toBe(true);
    expect(passes({ body: { state: [{ 'anything-but': 'failed' }] } }, sqs({ state: 'failed' }))).toBe(false);
    expect(passes({ body: { state: [{ 'anything-but': { prefix: 'test-' } }] } }, sqs({ state: 'test-1' }))).toBe(false);
    expect(passes({ body: { price: [{ numeric: ['>', 10, '<=', 20] }] } }, sqs({ price: 20 }))).toBe(true);
    expect(passes({ body: { price: [{ numeric: ['>', 10, '<=', 20] }] } }, sqs({ price: 21 }))).toBe(false);
    expect(passes({ body: { coupon: [{ exists: false }] } }, sqs({ price: 1 }))).toBe(true);
    expect(passes({ body: { coupon: [{ exists: true }] } }, sqs({ price: 1 }))).toBe(false);
  });

  it('requires every key of a pattern, takes $or between whole patterns, and ORs the filters', () => {
    expect(passes({ body: { a: [1], b: [2] } }, sqs({ a: 1 }))).toBe(false);
    expect(passes({ body: { $or: [{ a: [1] }, { b: [2] }] } }, sqs({ b: 2 }))).toBe(true);
    const either = recordFilter({ Filters: [{ Pattern: '{"data":{"t":["a"]}}' }, { Pattern: '{"partitionKey":["vip"]}' }] })!;
    expect(either({ partitionKey: 'vip', data: filterValue('raw bytes') })).toBe(true);
    expect(either({ partitionKey: 'other', data: filterValue('{"t":"b"}') })).toBe(false);
  });

  it('a JSON pattern on fields does not match a body that is not JSON', () => {
    expect(passes({ body: { status: ['done'] } }, sqs('status=done'))).toBe(false);
  });
});
