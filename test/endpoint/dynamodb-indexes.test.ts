// Secondary indexes a template declares (GlobalSecondaryIndexes, LocalSecondaryIndexes), queried
// and scanned through the official @aws-sdk/client-dynamodb: sparse membership, the index's order,
// its projection, paging keys, and the refusals DynamoDB gives.

import { DescribeTableCommand, DynamoDBClient, PutItemCommand, QueryCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { anyCredentials } from '../support/endpoint.ts';
import { useStartedTemplate } from '../support/started-template.ts';

const started = useStartedTemplate({
  'template.yaml': `
Resources:
  Members:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: members
      AttributeDefinitions:
        - { AttributeName: id, AttributeType: S }
        - { AttributeName: email, AttributeType: S }
        - { AttributeName: team, AttributeType: S }
        - { AttributeName: joined, AttributeType: N }
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      GlobalSecondaryIndexes:
        - IndexName: byEmail
          KeySchema: [{ AttributeName: email, KeyType: HASH }]
          Projection: { ProjectionType: ALL }
        - IndexName: byTeam
          KeySchema: [{ AttributeName: team, KeyType: HASH }, { AttributeName: joined, KeyType: RANGE }]
          Projection: { ProjectionType: KEYS_ONLY }
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: orders
      AttributeDefinitions:
        - { AttributeName: customer, AttributeType: S }
        - { AttributeName: orderId, AttributeType: S }
        - { AttributeName: total, AttributeType: N }
      KeySchema: [{ AttributeName: customer, KeyType: HASH }, { AttributeName: orderId, KeyType: RANGE }]
      LocalSecondaryIndexes:
        - IndexName: byTotal
          KeySchema: [{ AttributeName: customer, KeyType: HASH }, { AttributeName: total, KeyType: RANGE }]
          Projection: { ProjectionType: INCLUDE, NonKeyAttributes: [state] }
`,
});
const ddb = () => new DynamoDBClient({ endpoint: started().endpoint.url, region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 });
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: Error) => ({ name: e.name, message: e.message }));
const put = (table: string, item: Record<string, AttributeValue>) => ddb().send(new PutItemCommand({ TableName: table, Item: item }));

beforeAll(async () => {
  await put('members', { id: { S: 'm1' }, email: { S: 'ada@example.com' }, team: { S: 'core' }, joined: { N: '2020' }, name: { S: 'Ada' } });
  await put('members', { id: { S: 'm2' }, email: { S: 'bob@example.com' }, team: { S: 'core' }, joined: { N: '2018' }, name: { S: 'Bob' } });
  await put('members', { id: { S: 'm3' }, team: { S: 'core' }, joined: { N: '2022' }, name: { S: 'Cy' } });
  await put('members', { id: { S: 'm4' }, name: { S: 'Dee' } });
  await put('orders', { customer: { S: 'c1' }, orderId: { S: 'o1' }, total: { N: '30' }, state: { S: 'paid' }, note: { S: 'x' } });
  await put('orders', { customer: { S: 'c1' }, orderId: { S: 'o2' }, total: { N: '5' }, state: { S: 'open' }, note: { S: 'y' } });
  await put('orders', { customer: { S: 'c1' }, orderId: { S: 'o3' }, state: { S: 'draft' } });
});

describe('a global secondary index', () => {
  it('finds an item by the index key, and holds only the items that carry it (sparse)', async () => {
    const byEmail = await ddb().send(new QueryCommand({ TableName: 'members', IndexName: 'byEmail', KeyConditionExpression: 'email = :e', ExpressionAttributeValues: { ':e': { S: 'ada@example.com' } } }));
    expect(byEmail.Items).toEqual([{ id: { S: 'm1' }, email: { S: 'ada@example.com' }, team: { S: 'core' }, joined: { N: '2020' }, name: { S: 'Ada' } }]);
    const scan = await ddb().send(new ScanCommand({ TableName: 'members', IndexName: 'byEmail' }));
    expect(scan.Items!.map((i) => i.id!.S).sort()).toEqual(['m1', 'm2']);
  });

  it('orders by its own sort key and projects KEYS_ONLY: the table key and the index key', async () => {
    const byTeam = await ddb().send(new QueryCommand({ TableName: 'members', IndexName: 'byTeam', KeyConditionExpression: 'team = :t AND joined >= :y', ExpressionAttributeValues: { ':t': { S: 'core' }, ':y': { N: '2019' } } }));
    expect(byTeam.Items).toEqual([
      { id: { S: 'm1' }, team: { S: 'core' }, joined: { N: '2020' } },
      { id: { S: 'm3' }, team: { S: 'core' }, joined: { N: '2022' } },
    ]);
  });

  it('pages with a LastEvaluatedKey of the table key and the index key', async () => {
    const query = (start?: Record<string, AttributeValue>) =>
      ddb().send(new QueryCommand({ TableName: 'members', IndexName: 'byTeam', KeyConditionExpression: 'team = :t', ExpressionAttributeValues: { ':t': { S: 'core' } }, Limit: 2, ...(start ? { ExclusiveStartKey: start } : {}) }));
    const first = await query();
    expect(first.Items!.map((i) => i.id!.S)).toEqual(['m2', 'm1']);
    expect(first.LastEvaluatedKey).toEqual({ team: { S: 'core' }, joined: { N: '2020' }, id: { S: 'm1' } });
    const second = await query(first.LastEvaluatedKey);
    expect(second.Items!.map((i) => i.id!.S)).toEqual(['m3']);
    expect(second.LastEvaluatedKey).toBeUndefined();
  });

  it('refuses ALL_ATTRIBUTES on a KEYS_ONLY index, a strongly consistent read, an unknown index, and an index key of the wrong type', async () => {
    const base = { TableName: 'members', KeyConditionExpression: 'team = :t', ExpressionAttributeValues: { ':t': { S: 'core' } } };
    expect((await failure(ddb().send(new QueryCommand({ ...base, IndexName: 'byTeam', Select: 'ALL_ATTRIBUTES' }))))?.message).toMatch(/Select type ALL_ATTRIBUTES is not supported for global secondary index byTeam/);
    expect(await failure(ddb().send(new QueryCommand({ ...base, IndexName: 'byTeam', ConsistentRead: true })))).toMatchObject({ message: 'Consistent reads are not supported on global secondary indexes' });
    expect(await failure(ddb().send(new QueryCommand({ ...base, IndexName: 'byNothing' })))).toMatchObject({ message: 'The table does not have the specified index: byNothing' });
    expect((await failure(put('members', { id: { S: 'm9' }, joined: { S: 'last year' } })))?.message).toBe('One or more parameter values were invalid: Type mismatch for Index Key joined Expected: N Actual: S IndexName: byTeam');
  });

  it('is described by DescribeTable', async () => {
    const { Table } = await ddb().send(new DescribeTableCommand({ TableName: 'members' }));
    expect(Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.Projection?.ProjectionType, i.IndexStatus])).toEqual([
      ['byEmail', 'ALL', 'ACTIVE'],
      ['byTeam', 'KEYS_ONLY', 'ACTIVE'],
    ]);
  });
});

describe('a local secondary index', () => {
  it("orders a partition by another sort key and projects INCLUDE's attributes with the keys", async () => {
    const byTotal = await ddb().send(new QueryCommand({ TableName: 'orders', IndexName: 'byTotal', KeyConditionExpression: 'customer = :c', ExpressionAttributeValues: { ':c': { S: 'c1' } }, ConsistentRead: true }));
    expect(byTotal.Items).toEqual([
      { customer: { S: 'c1' }, orderId: { S: 'o2' }, total: { N: '5' }, state: { S: 'open' } },
      { customer: { S: 'c1' }, orderId: { S: 'o1' }, total: { N: '30' }, state: { S: 'paid' } },
    ]);
  });
});
