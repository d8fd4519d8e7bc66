// Tables: `AWS::DynamoDB::Table` (KeySchema, AttributeDefinitions, TableName, Global and Local
// SecondaryIndexes) and SAM's
// `AWS::Serverless::SimpleTable` (PrimaryKey), started as local tables that the endpoint serves
// through DynamoDB's own protocol, so a function's SDK (through AWS_ENDPOINT_URL) and a test's
// DynamoDBClient read and write them as they would on AWS. Ref is the table name, GetAtt Arn its ARN.
// Sources: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-simpletable.html

import { createHash } from 'node:crypto';
import { dynamoDbProtocol, TableStore } from '../../endpoint/dynamodb/protocol.ts';
import type { ScalarKeyType } from '../../triggers/tables/attribute-values.ts';
import { startTimeToLiveSweep } from '../../triggers/tables/time-to-live.ts';
import { LocalTable, type IndexDefinition, type KeyAttribute, type TableDefinition } from '../../triggers/tables/table.ts';
import type { ResourcePlan } from '../load.ts';
import type { Json } from '../parse.ts';
import type { ReferenceContext, StackPart } from '../stack-parts.ts';
import { TemplateError } from '../template-error.ts';

const tableType = 'AWS::DynamoDB::Table';
const simpleTableType = 'AWS::Serverless::SimpleTable';

/** Properties CloudFormation takes that change nothing for a local table: accepted and listed. */
const acceptedTableProperties = [
  'BillingMode', 'ProvisionedThroughput', 'OnDemandThroughput', 'WarmThroughput', 'StreamSpecification',
  'SSESpecification', 'Tags', 'PointInTimeRecoverySpecification', 'DeletionProtectionEnabled', 'ContributorInsightsSpecification',
  'KinesisStreamSpecification', 'TableClass', 'ImportSourceSpecification', 'ResourcePolicy',
];
const acceptedSimpleTableProperties = ['ProvisionedThroughput', 'SSESpecification', 'Tags', 'PointInTimeRecoverySpecification'];

type Property = (resource: ResourcePlan, key: string) => Json | undefined;

const isMap = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The name when TableName is not set. CloudFormation generates stack-logicalId-RANDOM; references
 * are resolved before the stack's name is known to a part, so ours is logicalId-SUFFIX, stable
 * across runs. Code should read the name from !Ref, as it must on AWS.
 */
function generatedName(logicalId: string): string {
  const suffix = createHash('sha256').update(logicalId).digest('hex').slice(0, 12).toUpperCase();
  return `${logicalId}-${suffix}`;
}

function tableName(resource: ResourcePlan, property: Property): string {
  const given = property(resource, 'TableName');
  return typeof given === 'string' ? given : generatedName(resource.logicalId);
}

/** The table a resource declares, checked as CloudFormation checks it. */
export function tableDefinition(resource: ResourcePlan, property: Property, file: string): { definition: TableDefinition; ignored: string[] } {
  const fail = (key: string, rule: string): never => {
    throw new TemplateError({ file, resource: resource.logicalId, property: `Properties.${key}` }, rule);
  };
  const name = tableName(resource, property);
  if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(name)) fail('TableName', `${JSON.stringify(name)} is not a table name: 3 to 255 characters of a-z, A-Z, 0-9, _ - and . (DynamoDB's naming rule).`);
  const accepted = resource.type === tableType ? acceptedTableProperties : acceptedSimpleTableProperties;
  const own = resource.type === tableType ? ['TableName', 'KeySchema', 'AttributeDefinitions', 'GlobalSecondaryIndexes', 'LocalSecondaryIndexes', 'TimeToLiveSpecification'] : ['TableName', 'PrimaryKey'];
  for (const key of Object.keys(resource.properties)) {
    if (!own.includes(key) && !accepted.includes(key)) fail(key, `is not a property of ${resource.type} (it takes ${[...own, ...accepted].join(', ')}).`);
  }
  const ignored = Object.keys(resource.properties).filter((k) => accepted.includes(k));
  if (resource.type === simpleTableType) {
    const key = property(resource, 'PrimaryKey') ?? { Name: 'id', Type: 'String' };
    const types: Record<string, ScalarKeyType> = { String: 'S', Number: 'N', Binary: 'B' };
    if (!isMap(key) || typeof key.Name !== 'string' || !(String(key.Type) in types)) {
      return fail('PrimaryKey', `must be {Name: <attribute>, Type: String | Number | Binary}, not ${JSON.stringify(key)}.`);
    }
    const partitionKey = { name: key.Name, type: types[String(key.Type)]! };
    return { definition: { name, partitionKey, attributeDefinitions: [partitionKey] }, ignored };
  }
  const keySchema = (schema: Json | undefined, at: string): Array<{ name: string; keyType: string }> => {
    if (!Array.isArray(schema) || schema.length < 1 || schema.length > 2) {
      return fail(at, 'must list the partition key ({AttributeName: id, KeyType: HASH}) and at most one sort key ({AttributeName: ..., KeyType: RANGE}).');
    }
    const elements = schema.map((e, i) => {
      if (!isMap(e) || typeof e.AttributeName !== 'string' || (e.KeyType !== 'HASH' && e.KeyType !== 'RANGE')) {
        return fail(`${at}[${i}]`, `must be {AttributeName: <name>, KeyType: HASH | RANGE}, not ${JSON.stringify(e)}.`);
      }
      return { name: e.AttributeName, keyType: e.KeyType };
    });
    if (elements[0]!.keyType !== 'HASH' || elements[1]?.keyType === 'HASH') fail(at, 'lists exactly one HASH key, first, then at most one RANGE key.');
    return elements;
  };
  const elements = keySchema(property(resource, 'KeySchema'), 'KeySchema');
  const definitions = property(resource, 'AttributeDefinitions');
  if (!Array.isArray(definitions)) return fail('AttributeDefinitions', 'must list each key attribute with its type: [{AttributeName: id, AttributeType: S}] (S, N or B).');
  const defined: KeyAttribute[] = definitions.map((d, i) => {
    if (!isMap(d) || typeof d.AttributeName !== 'string' || !['S', 'N', 'B'].includes(String(d.AttributeType))) {
      return fail(`AttributeDefinitions[${i}]`, `must be {AttributeName: <name>, AttributeType: S | N | B}, not ${JSON.stringify(d)}.`);
    }
    return { name: d.AttributeName, type: d.AttributeType as ScalarKeyType };
  });
  const keyAttribute = (name: string): KeyAttribute =>
    defined.find((d) => d.name === name) ??
    fail('AttributeDefinitions', `does not define the key attribute ${name}: add {AttributeName: ${name}, AttributeType: S | N | B}. (CloudFormation: Property AttributeDefinitions is inconsistent with the KeySchema of the table and the secondary indexes.)`);
  const partitionKey = keyAttribute(elements[0]!.name);
  const sortKey = elements[1] ? keyAttribute(elements[1].name) : undefined;
  const indexes: IndexDefinition[] = [];
  for (const kind of ['global', 'local'] as const) {
    const key = kind === 'global' ? 'GlobalSecondaryIndexes' : 'LocalSecondaryIndexes';
    const listed = property(resource, key);
    if (listed === undefined) continue;
    if (!Array.isArray(listed)) fail(key, 'must be a list of indexes ({IndexName, KeySchema, Projection}).');
    (listed as Json[]).forEach((spec, i) => {
      const at = `${key}[${i}]`;
      if (!isMap(spec) || typeof spec.IndexName !== 'string' || !/^[a-zA-Z0-9_.-]{3,255}$/.test(spec.IndexName)) fail(`${at}.IndexName`, 'is required: 3 to 255 characters of a-z, A-Z, 0-9, _ - and .');
      const index = spec as Record<string, Json>;
      if (indexes.some((x) => x.name === index.IndexName)) fail(`${at}.IndexName`, `${String(index.IndexName)} names another index of this table: index names are unique per table.`);
      const schema = keySchema(index.KeySchema, `${at}.KeySchema`);
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
    fail('AttributeDefinitions', `defines ${extra.map((d) => d.name).join(', ')}, which no key uses; define only key attributes (CloudFormation: Property AttributeDefinitions is inconsistent with the KeySchema of the table and the secondary indexes).`);
  }
  return {
    definition: { name, partitionKey, ...(sortKey ? { sortKey } : {}), ...(indexes.length ? { indexes } : {}), attributeDefinitions: [partitionKey, ...(sortKey ? [sortKey] : []), ...defined.filter((d) => d !== partitionKey && d !== sortKey)] },
    ignored,
  };
}

function tableArn(context: ReferenceContext, name: string): string {
  return `arn:aws:dynamodb:${context.region}:${context.accountId}:table/${name}`;
}

export const dynamoDbPart: StackPart = {
  name: 'tables',
  resourceTypes: [tableType, simpleTableType],
  functionEventTypes: [],
  references(resource, context) {
    const name = tableName(resource, context.property);
    return { ref: name, attributes: { Arn: tableArn(context, name) } };
  },
  async start(context) {
    const store = new TableStore();
    const outputs: Record<string, unknown> = {};
    for (const resource of context.resources) {
      const { definition, ignored } = tableDefinition(resource, context.property, context.plan.file);
      const table = new LocalTable(definition, context.region, context.accountId);
      if (new Set(store.names()).has(table.name)) {
        throw new TemplateError({ file: context.plan.file, resource: resource.logicalId, property: 'Properties.TableName' }, `${table.name} is the name of another table in this template: table names are unique per Region.`);
      }
      store.add(table);
      const ttl = context.property(resource, 'TimeToLiveSpecification');
      if (ttl !== undefined) {
        if (!isMap(ttl) || typeof ttl.Enabled !== 'boolean' || (ttl.Enabled && typeof ttl.AttributeName !== 'string')) {
          throw new TemplateError({ file: context.plan.file, resource: resource.logicalId, property: 'Properties.TimeToLiveSpecification' }, `must be {Enabled: true, AttributeName: <a Number attribute of epoch seconds>}, not ${JSON.stringify(ttl)}.`);
        }
        if (ttl.Enabled) table.ttlAttribute = String(ttl.AttributeName);
      }
      const indexes = definition.indexes?.length ? `, indexes ${definition.indexes.map((i) => i.name).join(', ')}` : '';
      const sort = `${definition.sortKey ? `, sort key ${definition.sortKey.name} (${definition.sortKey.type})` : ''}${indexes}`;
      const expiry = table.ttlAttribute ? `, Time to Live on ${table.ttlAttribute} (expired items stay readable until deleted two days later on the stack clock, as AWS allows)` : '';
      context.notice(`Table ${resource.logicalId}: ${table.name}, partition key ${definition.partitionKey.name} (${definition.partitionKey.type})${sort}${expiry}${ignored.length ? `; not emulated: ${ignored.join(', ')}` : ''}`);
      outputs[resource.logicalId] = { name: table.name, arn: table.arn };
    }
    const remove = context.addProtocol(dynamoDbProtocol(store));
    const sweep = startTimeToLiveSweep(store.all(), context.clock, context.notice);
    return {
      outputs: { tables: outputs },
      close: async () => {
        sweep.stop();
        remove();
      },
    };
  },
};
