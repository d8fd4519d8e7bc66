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
import { LocalTable, type TableDefinition } from '../../triggers/tables/table.ts';
import { parseTableDefinition } from '../../triggers/tables/table-definition.ts';
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
  const definition = parseTableDefinition(
    {
      TableName: name,
      KeySchema: property(resource, 'KeySchema'),
      AttributeDefinitions: property(resource, 'AttributeDefinitions'),
      GlobalSecondaryIndexes: property(resource, 'GlobalSecondaryIndexes'),
      LocalSecondaryIndexes: property(resource, 'LocalSecondaryIndexes'),
    },
    fail,
  );
  return { definition, ignored };
}

function tableArn(context: ReferenceContext, name: string): string {
  return `arn:aws:dynamodb:${context.region}:${context.accountId}:table/${name}`;
}

export const dynamoDbPart: StackPart = {
  name: 'tables',
  resourceTypes: [tableType, simpleTableType],
  functionEventTypes: [],
  // An SDK may create tables on any stack's endpoint (CreateTable), as on AWS.
  startsWithEveryTemplate: true,
  references(resource, context) {
    const name = tableName(resource, context.property);
    return { ref: name, attributes: { Arn: tableArn(context, name) } };
  },
  async start(context) {
    const store = new TableStore({ region: context.region, accountId: context.accountId });
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
    // No section for a template without tables (tables made later through the SDK are not in it).
    const sections: Record<string, Record<string, unknown>> = Object.keys(outputs).length > 0 ? { tables: outputs } : {};
    const remove = context.addProtocol(dynamoDbProtocol(store));
    const sweep = startTimeToLiveSweep(() => store.all(), context.clock, context.notice);
    return {
      outputs: sections,
      close: async () => {
        sweep.stop();
        remove();
      },
    };
  },
};
