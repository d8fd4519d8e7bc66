// BatchGetItem (up to 100 keys) and BatchWriteItem (up to 25 puts and deletes) across tables.
// Locally every request is processed, so UnprocessedKeys and UnprocessedItems come back empty;
// the whole batch is checked before anything is written, as DynamoDB refuses a bad batch whole.
// Sources: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html

import { checkItem, itemBytes, maxItemBytes, type Item } from './attribute-values.ts';
import { Placeholders } from './expressions.ts';
import { projector, type Request } from './query.ts';
import type { LocalTable } from './table.ts';
import { TableError } from './table-error.ts';

const validation = (message: string) => new TableError('ValidationException', message);

function requestItems(request: Request): Record<string, unknown> {
  const items = request.RequestItems;
  if (items === null || typeof items !== 'object' || Array.isArray(items) || Object.keys(items).length === 0) {
    throw validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
  }
  return items as Record<string, unknown>;
}

export function batchGetItem(request: Request, table: (name: string) => LocalTable): Record<string, unknown> {
  const entries = Object.entries(requestItems(request));
  const total = entries.reduce((sum, [, spec]) => sum + (((spec as { Keys?: unknown[] })?.Keys ?? []) as unknown[]).length, 0);
  if (total > 100) throw validation('Too many items requested for the BatchGetItem call');
  const responses: Record<string, Item[]> = {};
  const plans = entries.map(([name, spec]) => {
    const s = (spec ?? {}) as Request;
    const t = table(name);
    if (!Array.isArray(s.Keys) || s.Keys.length === 0) throw validation(`1 validation error detected: Value at 'requestItems.${name}.member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1`);
    const keys = s.Keys.map((k) => t.checkKey(k));
    const ids = keys.map((k) => JSON.stringify(t.keyOf(k)));
    if (new Set(ids).size !== ids.length) throw validation('Provided list of item keys contains duplicates');
    const placeholders = new Placeholders(s.ExpressionAttributeNames, undefined);
    const project = projector(s, placeholders);
    placeholders.checkAllUsed();
    return { name, t, keys, project };
  });
  for (const { name, t, keys, project } of plans) {
    responses[name] = keys.map((k) => t.getItem(k)).filter((i): i is Item => i !== undefined).map(project);
  }
  return { Responses: responses, UnprocessedKeys: {} };
}

export function batchWriteItem(request: Request, table: (name: string) => LocalTable): Record<string, unknown> {
  const entries = Object.entries(requestItems(request));
  const writes = entries.flatMap(([name, list]) => {
    const t = table(name);
    if (!Array.isArray(list) || list.length === 0) throw validation(`1 validation error detected: Value at 'requestItems.${name}.member' failed to satisfy constraint: Member must have length greater than or equal to 1`);
    return list.map((w) => {
      const write = (w ?? {}) as { PutRequest?: { Item?: unknown }; DeleteRequest?: { Key?: unknown } };
      if (Boolean(write.PutRequest) === Boolean(write.DeleteRequest)) throw validation('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes (each write request is one PutRequest or one DeleteRequest)');
      if (write.PutRequest) {
        const item = checkItem(write.PutRequest.Item, 'PutRequest.Item');
        // Checked here, before any write, so a bad item leaves the whole batch unwritten.
        const keyNames = [t.definition.partitionKey.name, ...(t.definition.sortKey ? [t.definition.sortKey.name] : [])];
        t.checkKey(Object.fromEntries(keyNames.filter((n) => n in item).map((n) => [n, item[n]])));
        if (itemBytes(item) > maxItemBytes) throw validation('Item size has exceeded the maximum allowed size');
        return { t, put: item, id: `${name}/${JSON.stringify(t.keyOf(item))}` };
      }
      const key = t.checkKey(write.DeleteRequest!.Key);
      return { t, key, id: `${name}/${JSON.stringify(t.keyOf(key))}` };
    });
  });
  if (writes.length > 25) throw validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
  if (new Set(writes.map((w) => w.id)).size !== writes.length) throw validation('Provided list of item keys contains duplicates');
  for (const w of writes) {
    if (w.put) w.t.putItem(w.put);
    else w.t.deleteItem(w.key);
  }
  return { UnprocessedItems: {} };
}
