// What a Query or Scan reads: the table itself, or one of its secondary indexes. An index holds
// only the items that carry its key attributes (a sparse index), ordered by its own sort key, with
// the attributes its projection keeps (ALL, KEYS_ONLY, INCLUDE); a page read from an index ends on
// a LastEvaluatedKey of the table's key and the index's key together. A global index has no
// strongly consistent reads.
// Sources: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html (IndexName, Select, ConsistentRead)

import { compareKeyValues, type AttributeValue, type Item } from './attribute-values.ts';
import type { IndexDefinition, KeyAttribute, LocalTable } from './table.ts';
import { TableError } from './table-error.ts';

export interface KeySpace {
  index?: IndexDefinition;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** Attributes a Query's FilterExpression may not name. */
  keyNames: string[];
  /** One partition's items, ascending by this space's sort key (ties by the table's key). */
  partition(value: AttributeValue): Item[];
  /** Every item, in a stable order. */
  all(): Item[];
  /** The item as this space holds it (an index's projection). */
  held(item: Item): Item;
  /** LastEvaluatedKey of a page that ended on this item. */
  lastKey(item: Item): Item;
  /** ExclusiveStartKey checked: exactly the attributes of lastKey, with their types. */
  checkStartKey(value: unknown): Item;
  /** Order of two items (or an item and a start key) in this space, partition first. */
  compare(a: Item, b: Item): number;
  /** Order within one partition (a Query resumes by it). */
  withinPartition(a: Item, b: Item): number;
}

const validation = (message: string) => new TableError('ValidationException', message);

/** Orders by the partition (identity only: partitions have no value order), then by each attribute's value. */
function keyOrder(partition: KeyAttribute | undefined, attributes: KeyAttribute[], table: LocalTable): (a: Item, b: Item) => number {
  return (a, b) => {
    if (partition) {
      const order = table.partitionId(a[partition.name]!).localeCompare(table.partitionId(b[partition.name]!));
      if (order !== 0) return order;
    }
    for (const attribute of attributes) {
      const order = compareKeyValues(attribute.type, a[attribute.name]!, b[attribute.name]!);
      if (order !== 0) return order;
    }
    return 0;
  };
}

export function tableSpace(table: LocalTable): KeySpace {
  const { partitionKey, sortKey } = table.definition;
  const attributes = [partitionKey, ...(sortKey ? [sortKey] : [])];
  return {
    partitionKey,
    ...(sortKey ? { sortKey } : {}),
    keyNames: attributes.map((a) => a.name),
    partition: (value) => table.partition(value),
    all: () => table.allItems(),
    held: (item) => item,
    lastKey: (item) => table.keyOf(item),
    checkStartKey: (value) => table.checkKey(value, 'ExclusiveStartKey'),
    compare: keyOrder(partitionKey, sortKey ? [sortKey] : [], table),
    withinPartition: (a, b) => (sortKey ? compareKeyValues(sortKey.type, a[sortKey.name]!, b[sortKey.name]!) : 0),
  };
}

export function indexSpace(table: LocalTable, name: string, consistentRead: unknown): KeySpace {
  const index = table.definition.indexes?.find((i) => i.name === name);
  if (!index) throw validation(`The table does not have the specified index: ${name}`);
  if (index.kind === 'global' && consistentRead === true) throw validation('Consistent reads are not supported on global secondary indexes');
  const tableKeys = [table.definition.partitionKey, ...(table.definition.sortKey ? [table.definition.sortKey] : [])];
  const indexKeys = [index.partitionKey, ...(index.sortKey ? [index.sortKey] : [])];
  const keyAttributes = [...indexKeys, ...tableKeys.filter((t) => !indexKeys.some((k) => k.name === t.name))];
  const within = keyOrder(undefined, [...(index.sortKey ? [index.sortKey] : []), ...tableKeys], table);
  const order = keyOrder(index.partitionKey, [...(index.sortKey ? [index.sortKey] : []), ...tableKeys], table);
  const members = () => table.allItems().filter((item) => indexKeys.every((k) => item[k.name] !== undefined && Object.keys(item[k.name]!)[0] === k.type));
  const kept = new Set([...keyAttributes.map((k) => k.name), ...(index.projection.nonKeyAttributes ?? [])]);
  return {
    index,
    partitionKey: index.partitionKey,
    ...(index.sortKey ? { sortKey: index.sortKey } : {}),
    keyNames: indexKeys.map((k) => k.name),
    partition: (value) => {
      const id = table.partitionId(value);
      return members().filter((item) => table.partitionId(item[index.partitionKey.name]!) === id).sort(within);
    },
    all: () => members().sort(order),
    held: (item) => (index.projection.type === 'ALL' ? item : Object.fromEntries(Object.entries(item).filter(([n]) => kept.has(n)))),
    lastKey: (item) => Object.fromEntries(keyAttributes.map((k) => [k.name, item[k.name]!])),
    checkStartKey: (value) => {
      const key = value as Item;
      const names = keyAttributes.map((k) => k.name);
      if (value === null || typeof value !== 'object' || Object.keys(key).length !== names.length || !names.every((n) => n in key)) {
        throw validation('The provided key element does not match the schema');
      }
      table.checkKey(Object.fromEntries(tableKeys.map((k) => [k.name, key[k.name]])), 'ExclusiveStartKey');
      return key;
    },
    compare: order,
    withinPartition: within,
  };
}
