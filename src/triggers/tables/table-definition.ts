// A table's keys and indexes as DynamoDB's CreateTable and CloudFormation's AWS::DynamoDB::Table
// both write them (TableName, KeySchema, AttributeDefinitions, Global/LocalSecondaryIndexes),
// checked as DynamoDB checks them. `fail` names the field (KeySchema[1], ...) and the rule; the
// caller turns it into its own error (a template's line, or DynamoDB's ValidationException).
// Sources: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html

import type { ScalarKeyType } from './attribute-values.ts';
import type { IndexDefinition, KeyAttribute, TableDefinition } from './table.ts';

export type DefinitionFail = (field: string, rule: string) => never;

type Value = unknown;
const isMap = (v: Value): v is Record<string, Value> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** DynamoDB's naming rule for tables and indexes. */
export const tableNamePattern = /^[a-zA-Z0-9_.-]{3,255}$/;

export interface TableDefinitionInput {
  TableName?: Value;
  KeySchema?: Value;
  AttributeDefinitions?: Value;
  GlobalSecondaryIndexes?: Value;
  LocalSecondaryIndexes?: Value;
}

function keySchema(schema: Value, at: string, fail: DefinitionFail): Array<{ name: string; keyType: string }> {
  if (!Array.isArray(schema) || schema.length < 1 || schema.length > 2) {
    return fail(at, 'must list the partition key ({AttributeName: id, KeyType: HASH}) and at most one sort key ({AttributeName: ..., KeyType: RANGE}).');
  }
  const elements = schema.map((e: Value, i) => {
    if (!isMap(e) || typeof e.AttributeName !== 'string' || (e.KeyType !== 'HASH' && e.KeyType !== 'RANGE')) {
      return fail(`${at}[${i}]`, `must be {AttributeName: <name>, KeyType: HASH | RANGE}, not ${JSON.stringify(e)}.`);
    }
    return { name: e.AttributeName, keyType: e.KeyType };
  });
  if (elements[0]!.keyType !== 'HASH' || elements[1]?.keyType === 'HASH') fail(at, 'lists exactly one HASH key, first, then at most one RANGE key.');
  return elements;
}

export function parseTableDefinition(input: TableDefinitionInput, fail: DefinitionFail): TableDefinition {
  const name = input.TableName;
  if (typeof name !== 'string' || !tableNamePattern.test(name)) fail('TableName', `${JSON.stringify(name)} is not a table name: 3 to 255 characters of a-z, A-Z, 0-9, _ - and . (DynamoDB's naming rule).`);
  const elements = keySchema(input.KeySchema, 'KeySchema', fail);
  const definitions = input.AttributeDefinitions;
  if (!Array.isArray(definitions)) return fail('AttributeDefinitions', 'must list each key attribute with its type: [{AttributeName: id, AttributeType: S}] (S, N or B).');
  const defined: KeyAttribute[] = definitions.map((d: Value, i) => {
    if (!isMap(d) || typeof d.AttributeName !== 'string' || !['S', 'N', 'B'].includes(String(d.AttributeType))) {
      return fail(`AttributeDefinitions[${i}]`, `must be {AttributeName: <name>, AttributeType: S | N | B}, not ${JSON.stringify(d)}.`);
    }
    return { name: d.AttributeName, type: d.AttributeType as ScalarKeyType };
  });
  const keyAttribute = (attribute: string): KeyAttribute =>
    defined.find((d) => d.name === attribute) ??
    fail('AttributeDefinitions', `does not define the key attribute ${attribute}: add {AttributeName: ${attribute}, AttributeType: S | N | B}. (DynamoDB: the attribute definitions must match the key schema of the table and its secondary indexes.)`);
  const partitionKey = keyAttribute(elements[0]!.name);
  const sortKey = elements[1] ? keyAttribute(elements[1].name) : undefined;
  const indexes: IndexDefinition[] = [];
  for (const kind of ['global', 'local'] as const) {
    const key = kind === 'global' ? 'GlobalSecondaryIndexes' : 'LocalSecondaryIndexes';
    const listed = input[key];
    if (listed === undefined || listed === null) continue;
    if (!Array.isArray(listed)) fail(key, 'must be a list of indexes ({IndexName, KeySchema, Projection}).');
    (listed as Value[]).forEach((spec, i) => {
      const at = `${key}[${i}]`;
      if (!isMap(spec) || typeof spec.IndexName !== 'string' || !tableNamePattern.test(spec.IndexName)) fail(`${at}.IndexName`, 'is required: 3 to 255 characters of a-z, A-Z, 0-9, _ - and .');
      const index = spec as Record<string, Value>;
      if (indexes.some((x) => x.name === index.IndexName)) fail(`${at}.IndexName`, `${String(index.IndexName)} names another index of this table: index names are unique per table.`);
      const schema = keySchema(index.KeySchema, `${at}.KeySchema`, fail);
      const projection = isMap(index.Projection) ? index.Projection : {};
      const type = String(projection.ProjectionType ?? 'KEYS_ONLY');
      if (!['ALL', 'KEYS_ONLY', 'INCLUDE'].includes(type)) fail(`${at}.Projection.ProjectionType`, `${JSON.stringify(type)} is not ALL, KEYS_ONLY or INCLUDE.`);
      const nonKey = projection.NonKeyAttributes;
      if ((type === 'INCLUDE') !== Array.isArray(nonKey)) fail(`${at}.Projection`, 'NonKeyAttributes goes with ProjectionType INCLUDE, and only with it.');
      const indexPartition = keyAttribute(schema[0]!.name);
      if (kind === 'local' && (indexPartition !== partitionKey || !schema[1])) fail(`${at}.KeySchema`, `a local index keeps the table's partition key (${partitionKey.name}) and adds a sort key of its own.`);
      indexes.push({
        name: String(index.IndexName),
        kind,
        partitionKey: indexPartition,
        ...(schema[1] ? { sortKey: keyAttribute(schema[1].name) } : {}),
        projection: { type: type as 'ALL' | 'KEYS_ONLY' | 'INCLUDE', ...(Array.isArray(nonKey) ? { nonKeyAttributes: nonKey.map(String) } : {}) },
      });
    });
  }
  const used = new Set([partitionKey, sortKey, ...indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
  const extra = defined.filter((d) => !used.has(d));
  if (extra.length > 0) {
    fail('AttributeDefinitions', `defines ${extra.map((d) => d.name).join(', ')}, which no key uses; define only key attributes (DynamoDB: the attribute definitions must match the key schema of the table and its secondary indexes).`);
  }
  return {
    name: name as string,
    partitionKey,
    ...(sortKey ? { sortKey } : {}),
    ...(indexes.length ? { indexes } : {}),
    attributeDefinitions: [partitionKey, ...(sortKey ? [sortKey] : []), ...defined.filter((d) => d !== partitionKey && d !== sortKey)],
  };
}
