// One local DynamoDB table: its key schema (a partition key, optionally a sort key) and its items,
// kept per partition in sort-key order, with DynamoDB's checks on keys and items.
// Sources: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.CoreComponents.html#HowItWorks.CoreComponents.PrimaryKey
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html (partition key
// value 2048 bytes at most, sort key 1024, item 400 KB)
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html, API_GetItem.html,
// API_DeleteItem.html, API_TableDescription.html

import { randomUUID } from 'node:crypto';
import { checkItem, compareKeyValues, itemBytes, maxItemBytes, typeOf, type AttributeValue, type Item, type ScalarKeyType } from './attribute-values.ts';
import { TableError } from './table-error.ts';

export interface KeyAttribute {
  name: string;
  type: ScalarKeyType;
}

export interface IndexDefinition {
  name: string;
  /** A global index has a partition key of its own; a local one shares the table's. */
  kind: 'global' | 'local';
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  projection: { type: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; nonKeyAttributes?: string[] };
}

export interface TableDefinition {
  name: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  indexes?: IndexDefinition[];
  /** Every AttributeDefinition the template gave (key attributes first). */
  attributeDefinitions: KeyAttribute[];
}

export const maxPartitionKeyBytes = 2048;
export const maxSortKeyBytes = 1024;

const noMatch = () => new TableError('ValidationException', 'The provided key element does not match the schema');

function keyBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S, 'utf8');
  if (value.B !== undefined) return Buffer.from(value.B, 'base64').length;
  return 0;
}

export class LocalTable {
  readonly definition: TableDefinition;
  readonly arn: string;
  readonly tableId = randomUUID();
  readonly createdAt = Date.now() / 1000;
  /** The Time to Live attribute (epoch seconds) when TTL is enabled. */
  ttlAttribute: string | undefined;
  /** Partition id -> its items in ascending sort-key order (one item when there is no sort key). */
  private readonly partitions = new Map<string, Item[]>();

  constructor(definition: TableDefinition, region: string, accountId: string) {
    this.definition = definition;
    this.arn = `arn:aws:dynamodb:${region}:${accountId}:table/${definition.name}`;
  }

  get name(): string {
    return this.definition.name;
  }

  private keyAttributes(): KeyAttribute[] {
    return [this.definition.partitionKey, ...(this.definition.sortKey ? [this.definition.sortKey] : [])];
  }

  /** A key attribute's value checked as DynamoDB checks a key: its type, not empty, not too long. */
  private checkKeyValue(attribute: KeyAttribute, value: AttributeValue, mismatch: () => TableError): void {
    if (typeOf(value) !== attribute.type) throw mismatch();
    if (keyBytes(value) === 0 && attribute.type !== 'N') {
      throw new TableError('ValidationException', `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${attribute.type === 'S' ? 'string' : 'binary'} value. Key: ${attribute.name}`);
    }
    const max = attribute === this.definition.partitionKey ? maxPartitionKeyBytes : maxSortKeyBytes;
    if (keyBytes(value) > max) {
      const which = attribute === this.definition.partitionKey ? 'partition (hash) key' : 'sort (range) key';
      throw new TableError('ValidationException', `One or more parameter values were invalid: Size of the ${which} ${attribute.name} has exceeded the maximum size limit of ${max} bytes`);
    }
  }

  /** Checks a Key parameter (GetItem, DeleteItem, ExclusiveStartKey): exactly the key attributes, with their types. */
  checkKey(value: unknown, parameter = 'Key'): Item {
    const key = checkItem(value, parameter);
    const names = this.keyAttributes().map((a) => a.name);
    if (Object.keys(key).length !== names.length || !names.every((n) => n in key)) throw noMatch();
    for (const attribute of this.keyAttributes()) this.checkKeyValue(attribute, key[attribute.name]!, noMatch);
    return key;
  }

  partitionId(value: AttributeValue): string {
    const type = typeOf(value);
    if (type === 'B') return `B:${Buffer.from(value.B!, 'base64').toString('hex')}`;
    return `${type}:${type === 'N' ? value.N : value.S}`;
  }

  keyOf(item: Item): Item {
    return Object.fromEntries(this.keyAttributes().map((a) => [a.name, item[a.name]!]));
  }

  /** The items of one partition, ascending by sort key (a copy of the list). */
  partition(value: AttributeValue): Item[] {
    return [...(this.partitions.get(this.partitionId(value)) ?? [])];
  }

  /** Every partition's items, partitions in an order that stays put while the table does not change. */
  allItems(): Item[] {
    return [...this.partitions.values()].flat();
  }

  /** Where the item with this key is in its partition, or where it would go. */
  private locate(items: Item[], key: Item): { index: number; found: boolean } {
    const sort = this.definition.sortKey;
    if (!sort) return { index: 0, found: items.length > 0 };
    let low = 0;
    let high = items.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const order = compareKeyValues(sort.type, items[mid]![sort.name]!, key[sort.name]!);
      if (order === 0) return { index: mid, found: true };
      if (order < 0) low = mid + 1;
      else high = mid;
    }
    return { index: low, found: false };
  }

  getItem(keyValue: unknown): Item | undefined {
    const key = this.checkKey(keyValue);
    const items = this.partitions.get(this.partitionId(key[this.definition.partitionKey.name]!)) ?? [];
    const at = this.locate(items, key);
    return at.found ? items[at.index] : undefined;
  }

  /** Stores the item (replacing one with the same key) and returns the one it replaced; `check` may refuse, seeing the old item. */
  putItem(value: unknown, check?: (old: Item | undefined) => void): Item | undefined {
    const item = checkItem(value, 'Item');
    this.checkItemKey(item);
    const size = itemBytes(item);
    if (size > maxItemBytes) throw new TableError('ValidationException', `Item size has exceeded the maximum allowed size (${size} bytes; an item, names and values, holds at most ${maxItemBytes})`);
    return this.store(item, check);
  }

  /** Changes the item with this key (made from the key when there is none) as `update` says; returns the old and the new item. */
  updateItem(keyValue: unknown, update: (old: Item | undefined, key: Item) => Item): { old: Item | undefined; item: Item } {
    const key = this.checkKey(keyValue);
    let item: Item | undefined;
    const old = this.store(key, (previous) => {
      item = update(previous, key);
      this.checkItemKey(item);
      const size = itemBytes(item);
      if (size > maxItemBytes) throw new TableError('ValidationException', `Item size to update has exceeded the maximum allowed size (${size} bytes; at most ${maxItemBytes})`);
    }, () => item!);
    return { old, item: item! };
  }

  private checkItemKey(item: Item): void {
    for (const attribute of this.keyAttributes()) {
      const member = item[attribute.name];
      if (member === undefined) throw new TableError('ValidationException', `One or more parameter values were invalid: Missing the key ${attribute.name} in the item`);
      this.checkKeyValue(attribute, member, () => new TableError('ValidationException', `One or more parameter values were invalid: Type mismatch for key ${attribute.name} expected: ${attribute.type} actual: ${typeOf(member)}`));
    }
    // An index key is optional (the item is then not in the index), but when present it has the index's type.
    for (const index of this.definition.indexes ?? []) {
      for (const attribute of [index.partitionKey, ...(index.sortKey ? [index.sortKey] : [])]) {
        const member = item[attribute.name];
        if (member === undefined) continue;
        if (typeOf(member) !== attribute.type) {
          throw new TableError('ValidationException', `One or more parameter values were invalid: Type mismatch for Index Key ${attribute.name} Expected: ${attribute.type} Actual: ${typeOf(member)} IndexName: ${index.name}`);
        }
        if (attribute.type !== 'N' && keyBytes(member) === 0) {
          throw new TableError('ValidationException', `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${attribute.type === 'S' ? 'string' : 'binary'} value. IndexName: ${index.name}, IndexKey: ${attribute.name}`);
        }
      }
    }
  }

  /** Stores `item` (or what `replacement` gives once `check` has passed) in its key's place; returns the item it replaced. */
  private store(item: Item, check?: (old: Item | undefined) => void, replacement?: () => Item): Item | undefined {
    const id = this.partitionId(item[this.definition.partitionKey.name]!);
    const items = this.partitions.get(id) ?? [];
    const at = this.locate(items, item);
    const old = at.found ? items[at.index] : undefined;
    check?.(old);
    items.splice(at.index, at.found ? 1 : 0, replacement ? replacement() : item);
    this.partitions.set(id, items);
    return old;
  }

  /** Deletes the item with this key (nothing when there is none) and returns it; `check` may refuse, seeing it. */
  deleteItem(keyValue: unknown, check?: (old: Item | undefined) => void): Item | undefined {
    const key = this.checkKey(keyValue);
    const id = this.partitionId(key[this.definition.partitionKey.name]!);
    const items = this.partitions.get(id) ?? [];
    const at = this.locate(items, key);
    check?.(at.found ? items[at.index] : undefined);
    if (!at.found) return undefined;
    const [old] = items.splice(at.index, 1);
    if (items.length === 0) this.partitions.delete(id);
    return old;
  }

  /**
   * Deletes the items whose TTL attribute (a Number of epoch seconds) is at or before `cutoff`;
   * returns how many. Items without it, or with another type, never expire.
   */
  deleteExpired(cutoffSeconds: number): number {
    const name = this.ttlAttribute;
    if (!name) return 0;
    let deleted = 0;
    for (const [id, items] of this.partitions) {
      const kept = items.filter((item) => !(item[name]?.N !== undefined && Number(item[name]!.N) <= cutoffSeconds));
      deleted += items.length - kept.length;
      if (kept.length === 0) this.partitions.delete(id);
      else this.partitions.set(id, kept);
    }
    return deleted;
  }

  get itemCount(): number {
    let count = 0;
    for (const items of this.partitions.values()) count += items.length;
    return count;
  }

  private describeIndexes(): Record<string, unknown> {
    const describe = (index: IndexDefinition) => ({
      IndexName: index.name,
      KeySchema: [{ AttributeName: index.partitionKey.name, KeyType: 'HASH' }, ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' }] : [])],
      Projection: { ProjectionType: index.projection.type, ...(index.projection.nonKeyAttributes ? { NonKeyAttributes: index.projection.nonKeyAttributes } : {}) },
      IndexArn: `${this.arn}/index/${index.name}`,
      ...(index.kind === 'global' ? { IndexStatus: 'ACTIVE', ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 } } : {}),
    });
    const of = (kind: 'global' | 'local') => (this.definition.indexes ?? []).filter((i) => i.kind === kind).map(describe);
    return {
      ...(of('global').length ? { GlobalSecondaryIndexes: of('global') } : {}),
      ...(of('local').length ? { LocalSecondaryIndexes: of('local') } : {}),
    };
  }

  /** DescribeTable's TableDescription. */
  describe(): Record<string, unknown> {
    const d = this.definition;
    return {
      TableName: d.name,
      TableArn: this.arn,
      TableId: this.tableId,
      TableStatus: 'ACTIVE',
      CreationDateTime: this.createdAt,
      AttributeDefinitions: d.attributeDefinitions.map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
      KeySchema: [{ AttributeName: d.partitionKey.name, KeyType: 'HASH' }, ...(d.sortKey ? [{ AttributeName: d.sortKey.name, KeyType: 'RANGE' }] : [])],
      ItemCount: this.itemCount,
      TableSizeBytes: this.allItems().reduce((sum, item) => sum + itemBytes(item), 0),
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      ...this.describeIndexes(),
      DeletionProtectionEnabled: false,
    };
  }
}
