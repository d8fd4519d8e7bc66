// Query and Scan on a local table: the key condition picks one partition and a sort-key range,
// results come in sort-key order (ScanIndexForward: false reverses it), a page stops at Limit
// items or 1 MB and then carries LastEvaluatedKey, which the next page passes as ExclusiveStartKey.
// Sources: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html

import { compareKeyValues, itemBytes, typeOf, type AttributeValue, type Item } from './attribute-values.ts';
import { conditionAttributes, evaluate, parseCondition } from './conditions.ts';
import { parseKeyCondition, parseProjection, Placeholders, type KeyCondition } from './expressions.ts';
import { indexSpace, tableSpace, type KeySpace } from './key-spaces.ts';
import type { KeyAttribute, LocalTable } from './table.ts';
import { TableError } from './table-error.ts';

/** A Query or Scan page holds at most 1 MB of items read. */
export const maxPageBytes = 1024 * 1024;

export type Request = Record<string, unknown>;

const validation = (message: string) => new TableError('ValidationException', message);

/** DynamoDB's legacy parameters, which the local table does not take: refused by name, never silently ignored. */
export function refuseUnsupported(request: Request, operation: string, names: string[]): void {
  for (const name of names) {
    if (request[name] !== undefined) {
      throw validation(`The local table does not take the legacy parameter ${name} in ${operation}: write its expression form (KeyConditionExpression, FilterExpression, ConditionExpression, UpdateExpression) instead.`);
    }
  }
}

/** Parallel scan: which of TotalSegments segments a partition falls in (stable for the table's life). */
function segmentFilter(table: LocalTable, request: Request): (item: Item) => boolean {
  if (request.Segment === undefined && request.TotalSegments === undefined) return () => true;
  const total = request.TotalSegments;
  const segment = request.Segment;
  if (typeof total !== 'number' || !Number.isInteger(total) || total < 1 || total > 1_000_000) throw validation(`1 validation error detected: Value '${String(total)}' at 'totalSegments' failed to satisfy constraint: Member must have value between 1 and 1000000`);
  if (typeof segment !== 'number' || !Number.isInteger(segment) || segment < 0 || segment >= total) throw validation(`The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${String(segment)} is out of bounds for TotalSegments: ${total}`);
  return (item) => {
    let hash = 0;
    for (const c of table.partitionId(item[table.definition.partitionKey.name]!)) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
    return hash % total === segment;
  };
}

/** ProjectionExpression (top-level attributes) applied to an item. */
export function projector(request: Request, placeholders: Placeholders): (item: Item) => Item {
  if (request.AttributesToGet !== undefined) throw validation('AttributesToGet is a legacy parameter the local table does not take: use ProjectionExpression.');
  if (typeof request.ProjectionExpression !== 'string') return (item) => item;
  const names = parseProjection(request.ProjectionExpression, placeholders);
  return (item) => Object.fromEntries(names.filter((n) => n in item).map((n) => [n, item[n]!]));
}

/** FilterExpression as a test on each item read; a Query's filter may not name its key attributes. */
function filterOf(request: Request, placeholders: Placeholders, keyNames: string[]): (item: Item) => boolean {
  if (typeof request.FilterExpression !== 'string') return () => true;
  const condition = parseCondition(request.FilterExpression, placeholders, 'FilterExpression');
  const key = conditionAttributes(condition).find((name) => keyNames.includes(name));
  if (key) throw validation(`Filter Expression can only contain non-primary key attributes: Primary key attribute: ${key}`);
  return (item) => evaluate(condition, item);
}

function limitOf(request: Request): number | undefined {
  if (request.Limit === undefined) return undefined;
  const limit = request.Limit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
    throw validation(`1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  }
  return limit;
}

function describeValue(value: AttributeValue): string {
  const type = typeOf(value);
  return `AttributeValue: {${type}:${String(Object.values(value)[0])}}`;
}

/** A sort-key test from a condition, checked against the key's type as DynamoDB checks it. */
function sortTest(sort: KeyAttribute, condition: KeyCondition): (item: Item) => boolean {
  for (const value of condition.values) {
    if (typeOf(value) !== sort.type) throw validation('One or more parameter values were invalid: Condition parameter type does not match schema type');
  }
  const compare = (item: Item, value: AttributeValue) => compareKeyValues(sort.type, item[sort.name]!, value);
  const [first, second] = condition.values as [AttributeValue, AttributeValue | undefined];
  switch (condition.operator) {
    case '=':
      return (item) => compare(item, first) === 0;
    case '<':
      return (item) => compare(item, first) < 0;
    case '<=':
      return (item) => compare(item, first) <= 0;
    case '>':
      return (item) => compare(item, first) > 0;
    case '>=':
      return (item) => compare(item, first) >= 0;
    case 'BETWEEN':
      if (compareKeyValues(sort.type, first, second!) > 0) {
        throw validation(`Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: ${describeValue(first)}, upper bound operand: ${describeValue(second!)}`);
      }
      return (item) => compare(item, first) >= 0 && compare(item, second!) <= 0;
    case 'begins_with': {
      if (sort.type === 'N') throw validation('Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N');
      if (sort.type === 'S') return (item) => item[sort.name]!.S!.startsWith(first.S!);
      const prefix = Buffer.from(first.B!, 'base64');
      return (item) => Buffer.from(item[sort.name]!.B!, 'base64').subarray(0, prefix.length).equals(prefix);
    }
  }
}

interface Page {
  Items?: Item[];
  Count: number;
  ScannedCount: number;
  LastEvaluatedKey?: Item;
}

/** Where a page resumes after ExclusiveStartKey, in the caller's order (-1: past the end). */
type Resume = (startKey: Item, ordered: Item[]) => number;

/** Takes items in order, after ExclusiveStartKey, up to Limit or 1 MB. */
function paginate(space: KeySpace, ordered: Item[], request: Request, resume: Resume, project: (item: Item) => Item, keep: (item: Item) => boolean): Page {
  const limit = limitOf(request);
  let start = 0;
  if (request.ExclusiveStartKey !== undefined) {
    let startKey: Item;
    try {
      startKey = space.checkStartKey(request.ExclusiveStartKey);
    } catch (error) {
      throw validation(`The provided starting key is invalid: ${(error as Error).message}`);
    }
    start = resume(startKey, ordered);
    if (start < 0) start = ordered.length;
  }
  const items: Item[] = [];
  let bytes = 0;
  let scanned = 0;
  let last: Item | undefined;
  for (let i = start; i < ordered.length; i++) {
    const item = ordered[i]!;
    scanned++;
    bytes += itemBytes(item);
    // FilterExpression applies after the read: a filtered-out item still counts toward Limit and ScannedCount.
    if (keep(item)) items.push(project(space.held(item)));
    last = item;
    const more = i + 1 < ordered.length;
    if ((limit !== undefined && scanned >= limit) || bytes >= maxPageBytes) {
      // DynamoDB stops at the limit and hands back where it stopped, even if nothing is left.
      return { Items: items, Count: items.length, ScannedCount: scanned, LastEvaluatedKey: space.lastKey(last) };
    }
    if (!more) break;
  }
  return { Items: items, Count: items.length, ScannedCount: scanned };
}

function selectOf(request: Request, space: KeySpace, page: Page): Page {
  const select = request.Select ?? (request.ProjectionExpression !== undefined ? 'SPECIFIC_ATTRIBUTES' : space.index ? 'ALL_PROJECTED_ATTRIBUTES' : 'ALL_ATTRIBUTES');
  if (!['ALL_ATTRIBUTES', 'COUNT', 'SPECIFIC_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES'].includes(String(select))) {
    throw validation(`1 validation error detected: Value '${String(select)}' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]`);
  }
  if (select === 'ALL_PROJECTED_ATTRIBUTES' && !space.index) throw validation('ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName');
  if (select === 'ALL_ATTRIBUTES' && space.index?.kind === 'global' && space.index.projection.type !== 'ALL') {
    throw validation(`One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${space.index.name} because its projection type is not ALL`);
  }
  if (select === 'COUNT') {
    const { Items: _items, ...counted } = page;
    return counted;
  }
  return page;
}

export function query(table: LocalTable, request: Request): Page {
  refuseUnsupported(request, 'Query', ['QueryFilter', 'KeyConditions', 'ConditionalOperator']);
  const space = request.IndexName !== undefined ? indexSpace(table, String(request.IndexName), request.ConsistentRead) : tableSpace(table);
  if (typeof request.KeyConditionExpression !== 'string') throw validation('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
  const placeholders = new Placeholders(request.ExpressionAttributeNames, request.ExpressionAttributeValues);
  const conditions = parseKeyCondition(request.KeyConditionExpression, placeholders);
  const project = projector(request, placeholders);
  const filter = filterOf(request, placeholders, space.keyNames);
  placeholders.checkAllUsed();
  const { partitionKey, sortKey } = space;
  const onPartition = conditions.find((c) => c.attribute === partitionKey.name);
  if (!onPartition) throw validation(`Query condition missed key schema element: ${partitionKey.name}`);
  if (conditions.length === 2 && conditions[0]!.attribute === conditions[1]!.attribute) throw validation('KeyConditionExpressions must only contain one condition per key');
  if (onPartition.operator !== '=') throw validation('Query key condition not supported');
  const onSort = conditions.find((c) => c !== onPartition);
  if (onSort && onSort.attribute !== sortKey?.name) throw validation('Query key condition not supported');
  const value = onPartition.values[0]!;
  if (typeOf(value) !== partitionKey.type) throw validation('One or more parameter values were invalid: Condition parameter type does not match schema type');
  const keep = onSort ? sortTest(sortKey!, onSort) : () => true;
  // Only the items in the sort-key range are read (they count toward ScannedCount and Limit).
  const forward = request.ScanIndexForward !== false;
  let ordered = space.partition(value).filter(keep);
  if (!forward) ordered = ordered.reverse();
  const resume: Resume = (startKey, items) => {
    if (table.partitionId(startKey[partitionKey.name]!) !== table.partitionId(value)) throw validation('The provided starting key is invalid: its partition key is not the one this Query names.');
    // The first item past the start key in the page order (the start item itself may be gone).
    return items.findIndex((item) => space.withinPartition(item, startKey) * (forward ? 1 : -1) > 0);
  };
  return selectOf(request, space, paginate(space, ordered, request, resume, project, filter));
}

export function scan(table: LocalTable, request: Request): Page {
  refuseUnsupported(request, 'Scan', ['ScanFilter', 'ConditionalOperator', 'AttributesToGet']);
  const inSegment = segmentFilter(table, request);
  const space = request.IndexName !== undefined ? indexSpace(table, String(request.IndexName), request.ConsistentRead) : tableSpace(table);
  const placeholders = new Placeholders(request.ExpressionAttributeNames, request.ExpressionAttributeValues);
  const project = projector(request, placeholders);
  const filter = filterOf(request, placeholders, []);
  placeholders.checkAllUsed();
  const resume: Resume = space.index
    ? (startKey, items) => items.findIndex((item) => space.compare(item, startKey) > 0)
    : (startKey, items) => {
        const { partitionKey, sortKey } = table.definition;
        const id = table.partitionId(startKey[partitionKey.name]!);
        const inPartition = (item: Item) => table.partitionId(item[partitionKey.name]!) === id;
        const first = items.findIndex(inPartition);
        if (first < 0) return -1; // its partition is gone: the scan has nothing left after it
        if (!sortKey) return first + 1;
        return items.findIndex((item, i) => i >= first && (!inPartition(item) || compareKeyValues(sortKey.type, item[sortKey.name]!, startKey[sortKey.name]!) > 0));
      };
  return selectOf(request, space, paginate(space, space.all().filter(inSegment), request, resume, project, filter));
}
