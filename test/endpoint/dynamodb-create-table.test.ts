// Tables made through DynamoDB's API on an endpoint whose template declares none (serve without
// tables, as a tutorial that runs `aws dynamodb create-table` expects): CreateTable with its
// checks, the SDK's waiter, items and a global index, DeleteTable.

import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { anyCredentials } from '../support/endpoint.ts';
import { useStartedTemplate } from '../support/started-template.ts';

const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => ({});"
`;

const started = useStartedTemplate({ 'template.yaml': template });
const ddb = () => new DynamoDBClient({ endpoint: started().endpoint.url, region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 });

describe('CreateTable and DeleteTable on the endpoint', () => {
  it('makes a table with a global index that the SDK waits for, fills and queries; refuses the same name twice', async () => {
    expect(started().parts.outputs.tables).toBeUndefined();
    const created = await ddb().send(
      new CreateTableCommand({
        TableName: 'orders',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'customer', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [{ IndexName: 'by-customer', KeySchema: [{ AttributeName: 'customer', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      }),
    );
    expect(created.TableDescription).toMatchObject({ TableName: 'orders', TableStatus: 'CREATING', TableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders' });
    await waitUntilTableExists({ client: ddb(), maxWaitTime: 20, minDelay: 1 }, { TableName: 'orders' });
    expect((await ddb().send(new DescribeTableCommand({ TableName: 'orders' }))).Table?.TableStatus).toBe('ACTIVE');
    expect((await ddb().send(new ListTablesCommand({}))).TableNames).toEqual(['orders']);
    await ddb().send(new PutItemCommand({ TableName: 'orders', Item: { id: { S: 'o-1' }, customer: { S: 'ada' } } }));
    const byCustomer = await ddb().send(new QueryCommand({ TableName: 'orders', IndexName: 'by-customer', KeyConditionExpression: 'customer = :c', ExpressionAttributeValues: { ':c': { S: 'ada' } } }));
    expect(byCustomer.Items).toEqual([{ id: { S: 'o-1' }, customer: { S: 'ada' } }]);
    await expect(ddb().send(new CreateTableCommand({ TableName: 'orders', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }))).rejects.toMatchObject({
      name: 'ResourceInUseException',
      message: 'Table already exists: orders',
    });
  });

  it('refuses a key the attribute definitions do not define, naming the field', async () => {
    await expect(ddb().send(new CreateTableCommand({ TableName: 'broken', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('AttributeDefinitions does not define the key attribute id'),
    });
    expect((await ddb().send(new ListTablesCommand({}))).TableNames).not.toContain('broken');
  });

  it('deletes a table: DeleteTable answers DELETING, then the table is not found', async () => {
    await ddb().send(new CreateTableCommand({ TableName: 'scratch', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }));
    const deleted = await ddb().send(new DeleteTableCommand({ TableName: 'scratch' }));
    expect(deleted.TableDescription?.TableStatus).toBe('DELETING');
    await expect(ddb().send(new DescribeTableCommand({ TableName: 'scratch' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
