// Local DynamoDB tables from a template, on the endpoint, driven by the official
// @aws-sdk/client-dynamodb over real HTTP (and by raw HTTP where the wire shape is the point).

import {
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  paginateQuery,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { anyCredentials } from '../support/endpoint.ts';
import { useStartedTemplate } from '../support/started-template.ts';

const template = `
Resources:
  Tokens:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: tokens
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: token, AttributeType: S }]
      KeySchema: [{ AttributeName: token, KeyType: HASH }]
  Readings:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions:
        - { AttributeName: sensor, AttributeType: S }
        - { AttributeName: ts, AttributeType: N }
      KeySchema:
        - { AttributeName: sensor, KeyType: HASH }
        - { AttributeName: ts, KeyType: RANGE }
  Names:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: names
      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }, { AttributeName: sk, AttributeType: S }]
      KeySchema: [{ AttributeName: pk, KeyType: HASH }, { AttributeName: sk, KeyType: RANGE }]
`;

const started = useStartedTemplate({ 'template.yaml': template });
const ddb = () => new DynamoDBClient({ endpoint: started().endpoint.url, region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 });
const readings = () => (started().parts.outputs.tables!.Readings as { name: string }).name;
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: Error & { $metadata?: { httpStatusCode?: number } }) => ({ name: e.name, message: e.message, status: e.$metadata?.httpStatusCode }));

describe('a template table on the endpoint, through the official SDK', () => {
  it('stores every attribute type and gives it back, numbers as DynamoDB normalises them', async () => {
    const item: Record<string, AttributeValue> = {
      token: { S: 'abc' },
      count: { N: '007.50' },
      raw: { B: Buffer.from([0, 1, 254, 255]) },
      active: { BOOL: true },
      nothing: { NULL: true },
      profile: { M: { name: { S: 'Ada' }, tags: { L: [{ S: 'x' }, { N: '1e3' }] } } },
      roles: { SS: ['admin', 'reader'] },
      scores: { NS: ['1', '2.50'] },
    };
    await ddb().send(new PutItemCommand({ TableName: 'tokens', Item: item }));
    const got = await ddb().send(new GetItemCommand({ TableName: 'tokens', Key: { token: { S: 'abc' } } }));
    expect(got.Item).toEqual({
      ...item,
      count: { N: '7.5' },
      raw: { B: new Uint8Array([0, 1, 254, 255]) },
      profile: { M: { name: { S: 'Ada' }, tags: { L: [{ S: 'x' }, { N: '1000' }] } } },
      scores: { NS: ['1', '2.5'] },
    });
    const projected = await ddb().send(new GetItemCommand({ TableName: 'tokens', Key: { token: { S: 'abc' } }, ProjectionExpression: '#n, active', ExpressionAttributeNames: { '#n': 'nothing' } }));
    expect(projected.Item).toEqual({ nothing: { NULL: true }, active: { BOOL: true } });
  });

  it('answers a missing item with no Item, and a key that does not match the schema with ValidationException', async () => {
    const none = await ddb().send(new GetItemCommand({ TableName: 'tokens', Key: { token: { S: 'never-stored' } } }));
    expect(none.Item).toBeUndefined();
    const message = 'The provided key element does not match the schema';
    expect(await failure(ddb().send(new GetItemCommand({ TableName: 'tokens', Key: { token: { N: '1' } } })))).toEqual({ name: 'ValidationException', message, status: 400 });
    expect(await failure(ddb().send(new GetItemCommand({ TableName: 'tokens', Key: { token: { S: 'a' }, other: { S: 'b' } } })))).toMatchObject({ name: 'ValidationException', message });
    expect(await failure(ddb().send(new GetItemCommand({ TableName: 'tokens', Key: { id: { S: 'a' } } })))).toMatchObject({ name: 'ValidationException', message });
    expect(await failure(ddb().send(new GetItemCommand({ TableName: readings(), Key: { sensor: { S: 'a' } } })))).toMatchObject({ name: 'ValidationException', message });
  });

  it('answers a table that does not exist with ResourceNotFoundException in DynamoDB\'s JSON 1.0 error shape', async () => {
    const res = await fetch(started().endpoint.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.GetItem' },
      body: JSON.stringify({ TableName: 'nope', Key: { id: { S: 'a' } } }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await res.json()).toEqual({ __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message: 'Requested resource not found: Table: nope not found' });
    expect(await failure(ddb().send(new GetItemCommand({ TableName: 'nope', Key: { id: { S: 'a' } } })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuses an item without its key, with a key of the wrong type, with an empty key, or over 400 KB', async () => {
    const put = (item: Record<string, AttributeValue>) => failure(ddb().send(new PutItemCommand({ TableName: 'tokens', Item: item })));
    expect(await put({ user: { S: 'x' } })).toMatchObject({ name: 'ValidationException', message: 'One or more parameter values were invalid: Missing the key token in the item' });
    expect(await put({ token: { N: '5' } })).toMatchObject({ name: 'ValidationException', message: 'One or more parameter values were invalid: Type mismatch for key token expected: S actual: N' });
    expect((await put({ token: { S: '' } }))?.message).toMatch(/cannot contain an empty string value. Key: token/);
    // 400 KB counts names and values: "token" (5) + "big" (3) + the values.
    const fits = 400 * 1024 - 'token'.length - 'k1'.length - 'big'.length;
    expect(await put({ token: { S: 'k1' }, big: { S: 'x'.repeat(fits) } })).toBeUndefined();
    expect((await put({ token: { S: 'k1' }, big: { S: 'x'.repeat(fits + 1) } }))?.message).toMatch(/^Item size has exceeded the maximum allowed size/);
  });

  it('deletes an item and hands back the old one with ReturnValues ALL_OLD', async () => {
    await ddb().send(new PutItemCommand({ TableName: 'tokens', Item: { token: { S: 'gone' }, user: { S: 'u1' } } }));
    const replaced = await ddb().send(new PutItemCommand({ TableName: 'tokens', Item: { token: { S: 'gone' }, user: { S: 'u2' } }, ReturnValues: 'ALL_OLD' }));
    expect(replaced.Attributes).toEqual({ token: { S: 'gone' }, user: { S: 'u1' } });
    const deleted = await ddb().send(new DeleteItemCommand({ TableName: 'tokens', Key: { token: { S: 'gone' } }, ReturnValues: 'ALL_OLD' }));
    expect(deleted.Attributes).toEqual({ token: { S: 'gone' }, user: { S: 'u2' } });
    expect((await ddb().send(new GetItemCommand({ TableName: 'tokens', Key: { token: { S: 'gone' } } }))).Item).toBeUndefined();
    const again = await ddb().send(new DeleteItemCommand({ TableName: 'tokens', Key: { token: { S: 'gone' } }, ReturnValues: 'ALL_OLD' }));
    expect(again.Attributes).toBeUndefined();
  });
});

describe('Query on a table with a sort key', () => {
  const ats = ['2', '10', '100', '-3', '7.5'];
  const query = async (condition: string, values: Record<string, AttributeValue>, extra: object = {}) => {
    const out = await ddb().send(new QueryCommand({ TableName: readings(), KeyConditionExpression: condition, ExpressionAttributeValues: values, ...extra }));
    return out.Items!.map((i) => i.ts!.N);
  };

  it('orders numbers by value and selects with = < <= > >= BETWEEN on the sort key', async () => {
    for (const at of ats) await ddb().send(new PutItemCommand({ TableName: readings(), Item: { sensor: { S: 's1' }, ts: { N: at } } }));
    await ddb().send(new PutItemCommand({ TableName: readings(), Item: { sensor: { S: 's2' }, ts: { N: '1' } } }));
    const s1 = { ':s': { S: 's1' } };
    expect(await query('sensor = :s', s1)).toEqual(['-3', '2', '7.5', '10', '100']);
    expect(await query('sensor = :s AND ts = :a', { ...s1, ':a': { N: '10.0' } })).toEqual(['10']);
    expect(await query('sensor = :s AND ts < :a', { ...s1, ':a': { N: '10' } })).toEqual(['-3', '2', '7.5']);
    expect(await query('sensor = :s AND ts <= :a', { ...s1, ':a': { N: '10' } })).toEqual(['-3', '2', '7.5', '10']);
    expect(await query('sensor = :s AND ts > :a', { ...s1, ':a': { N: '7.5' } })).toEqual(['10', '100']);
    expect(await query('sensor = :s AND ts >= :a', { ...s1, ':a': { N: '7.5' } })).toEqual(['7.5', '10', '100']);
    expect(await query('(sensor = :s) AND (ts BETWEEN :lo AND :hi)', { ...s1, ':lo': { N: '2' }, ':hi': { N: '10' } })).toEqual(['2', '7.5', '10']);
    expect(await query('sensor = :s', s1, { ScanIndexForward: false })).toEqual(['100', '10', '7.5', '2', '-3']);
  });

  it('orders strings by their UTF-8 bytes and selects with begins_with', async () => {
    // U+FF61 sorts before U+1F600 in UTF-8 bytes (EF.. < F0..), after it in UTF-16 units.
    for (const sk of ['user#b', 'user#a', 'order#1', '\u{1F600}', '\uFF61']) {
      await ddb().send(new PutItemCommand({ TableName: 'names', Item: { pk: { S: 'p' }, sk: { S: sk } } }));
    }
    const out = await ddb().send(new QueryCommand({ TableName: 'names', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } } }));
    expect(out.Items!.map((i) => i.sk!.S)).toEqual(['order#1', 'user#a', 'user#b', '\uFF61', '\u{1F600}']);
    const users = await ddb().send(new QueryCommand({ TableName: 'names', KeyConditionExpression: 'pk = :p AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':p': { S: 'p' }, ':prefix': { S: 'user#' } } }));
    expect(users.Items!.map((i) => i.sk!.S)).toEqual(['user#a', 'user#b']);
    expect(users.Count).toBe(2);
  });

  it('pages with Limit: each page ends with LastEvaluatedKey and the next starts after it', async () => {
    const pages: string[][] = [];
    const paginator = paginateQuery({ client: ddb(), pageSize: 2 }, { TableName: readings(), KeyConditionExpression: 'sensor = :s', ExpressionAttributeValues: { ':s': { S: 's1' } } });
    for await (const page of paginator) pages.push(page.Items!.map((i) => i.ts!.N!));
    // Five items in pages of two: DynamoDB hands back a key after the third page too only if it hit the limit.
    expect(pages).toEqual([['-3', '2'], ['7.5', '10'], ['100']]);
    const first = await ddb().send(new QueryCommand({ TableName: readings(), KeyConditionExpression: 'sensor = :s', ExpressionAttributeValues: { ':s': { S: 's1' } }, Limit: 5 }));
    expect(first.LastEvaluatedKey).toEqual({ sensor: { S: 's1' }, ts: { N: '100' } });
    const after = await ddb().send(new QueryCommand({ TableName: readings(), KeyConditionExpression: 'sensor = :s', ExpressionAttributeValues: { ':s': { S: 's1' } }, ExclusiveStartKey: first.LastEvaluatedKey }));
    expect(after.Items).toEqual([]);
    expect(after.LastEvaluatedKey).toBeUndefined();
  });

  it('refuses a reserved word as an attribute name, and takes it through ExpressionAttributeNames', async () => {
    const reserved = await failure(ddb().send(new QueryCommand({ TableName: 'tokens', KeyConditionExpression: 'token = :t', ExpressionAttributeValues: { ':t': { S: 'abc' } } })));
    expect(reserved).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(reserved!.message).toMatch(/^Invalid KeyConditionExpression: Attribute name is a reserved keyword; reserved keyword: token/);
    const aliased = await ddb().send(new QueryCommand({ TableName: 'tokens', KeyConditionExpression: '#t = :t', ExpressionAttributeNames: { '#t': 'token' }, ExpressionAttributeValues: { ':t': { S: 'abc' } } }));
    expect(aliased.Items!.map((i) => i.token!.S)).toEqual(['abc']);
  });

  it('refuses key conditions DynamoDB refuses: no partition key, a non-key attribute, begins_with on a number, unused or undefined placeholders', async () => {
    const q = (KeyConditionExpression: string, ExpressionAttributeValues: Record<string, AttributeValue>) =>
      failure(ddb().send(new QueryCommand({ TableName: readings(), KeyConditionExpression, ExpressionAttributeValues })));
    expect(await q('ts = :a', { ':a': { N: '1' } })).toMatchObject({ name: 'ValidationException', message: 'Query condition missed key schema element: sensor' });
    expect(await q('sensor = :s AND reading = :r', { ':s': { S: 's1' }, ':r': { N: '1' } })).toMatchObject({ message: 'Query key condition not supported' });
    expect(await q('sensor > :s', { ':s': { S: 's1' } })).toMatchObject({ message: 'Query key condition not supported' });
    expect((await q('sensor = :s AND begins_with(ts, :a)', { ':s': { S: 's1' }, ':a': { N: '1' } }))?.message).toMatch(/operator or function: begins_with, operand type: N/);
    expect(await q('sensor = :s', { ':s': { S: 's1' }, ':x': { N: '1' } })).toMatchObject({ message: 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}' });
    expect((await q('sensor = :nope', { ':s': { S: 's1' } }))?.message).toMatch(/attribute value used in expression is not defined; attribute value: :nope/);
    expect(await q('sensor = :s', { ':s': { N: '1' } })).toMatchObject({ message: 'One or more parameter values were invalid: Condition parameter type does not match schema type' });
    expect((await q('sensor = :s AND ts BETWEEN :hi AND :lo', { ':s': { S: 's1' }, ':hi': { N: '9' }, ':lo': { N: '1' } }))?.message).toMatch(/BETWEEN operator requires upper bound to be greater than or equal to lower bound/);
  });

  it('describes the table: key schema, ACTIVE, item count and ARN', async () => {
    const { Table } = await ddb().send(new DescribeTableCommand({ TableName: readings() }));
    expect(Table).toMatchObject({
      TableName: readings(),
      TableStatus: 'ACTIVE',
      KeySchema: [{ AttributeName: 'sensor', KeyType: 'HASH' }, { AttributeName: 'ts', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'sensor', AttributeType: 'S' }, { AttributeName: 'ts', AttributeType: 'N' }],
      ItemCount: 6,
      TableArn: `arn:aws:dynamodb:us-east-1:123456789012:table/${readings()}`,
    });
    expect(readings()).toMatch(/^Readings-[0-9A-F]{12}$/);
    expect(started().lines.join('\n')).toContain('Table Tokens: tokens, partition key token (S); not emulated: BillingMode');
  });
});
