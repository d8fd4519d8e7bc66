// Condition, update and filter expressions and batch operations on a template table, through the
// official @aws-sdk/client-dynamodb over real HTTP: the patterns real code uses (create only if
// absent, counters, optimistic locking, sets, filters after Limit, batches all or nothing).

import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { anyCredentials } from '../support/endpoint.ts';
import { useStartedTemplate } from '../support/started-template.ts';

const started = useStartedTemplate({
  'template.yaml': `
Resources:
  Users:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: users
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
  Events:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: events
      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }, { AttributeName: n, AttributeType: N }]
      KeySchema: [{ AttributeName: pk, KeyType: HASH }, { AttributeName: n, KeyType: RANGE }]
`,
});
const ddb = () => new DynamoDBClient({ endpoint: started().endpoint.url, region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 });
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: Error) => ({ name: e.name, message: e.message }));
const get = async (id: string) => (await ddb().send(new GetItemCommand({ TableName: 'users', Key: { id: { S: id } } }))).Item;

describe('ConditionExpression on writes', () => {
  it('creates only if absent: attribute_not_exists fails the second put with ConditionalCheckFailedException and keeps the first item', async () => {
    const put = (name: string) => ddb().send(new PutItemCommand({ TableName: 'users', Item: { id: { S: 'u1' }, name: { S: name } }, ConditionExpression: 'attribute_not_exists(id)' }));
    await put('Ada');
    expect(await failure(put('Eve'))).toEqual({ name: 'ConditionalCheckFailedException', message: 'The conditional request failed' });
    expect(await get('u1')).toEqual({ id: { S: 'u1' }, name: { S: 'Ada' } });
    const withItem = await ddb()
      .send(new PutItemCommand({ TableName: 'users', Item: { id: { S: 'u1' } }, ConditionExpression: 'attribute_not_exists(id)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }))
      .catch((e: Error & { Item?: unknown }) => e);
    expect(withItem).toMatchObject({ name: 'ConditionalCheckFailedException', Item: { id: { S: 'u1' }, name: { S: 'Ada' } } });
  });

  it('deletes only when the condition holds; <> on a missing attribute is true', async () => {
    await ddb().send(new PutItemCommand({ TableName: 'users', Item: { id: { S: 'u2' }, role: { S: 'admin' } } }));
    const del = (condition: string, values: Record<string, AttributeValue>) => ddb().send(new DeleteItemCommand({ TableName: 'users', Key: { id: { S: 'u2' } }, ConditionExpression: condition, ExpressionAttributeValues: values }));
    expect(await failure(del('#r = :r', { ':r': { S: 'guest' } }))).toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/expression attribute name used in the document path is not defined/) });
    expect(await failure(del('attribute_exists(#missing) OR begins_with(#r, :p)', { ':p': { S: 'guest' } }))).toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/expression attribute name used in the document path is not defined/) });
    const named = (condition: string, values: Record<string, AttributeValue>) =>
      ddb().send(new DeleteItemCommand({ TableName: 'users', Key: { id: { S: 'u2' } }, ConditionExpression: condition, ExpressionAttributeNames: { '#r': 'role' }, ExpressionAttributeValues: values }));
    expect(await failure(named('#r = :r', { ':r': { S: 'guest' } }))).toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(await failure(named('#r IN (:a, :b) AND NOT contains(#r, :x)', { ':a': { S: 'root' }, ':b': { S: 'admin' }, ':x': { S: 'dmi' } }))).toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(await failure(ddb().send(new DeleteItemCommand({ TableName: 'users', Key: { id: { S: 'u2' } }, ConditionExpression: 'nickname <> :n', ExpressionAttributeValues: { ':n': { S: 'x' } } })))).toBeUndefined();
    expect(await get('u2')).toBeUndefined();
  });
});

describe('UpdateItem', () => {
  it('counts with SET n = if_not_exists(n, :zero) + :one and ADD, creating the item on first use', async () => {
    const hit = () =>
      ddb().send(new UpdateItemCommand({ TableName: 'users', Key: { id: { S: 'counter' } }, UpdateExpression: 'SET hits = if_not_exists(hits, :zero) + :one ADD visits :one', ExpressionAttributeValues: { ':zero': { N: '0' }, ':one': { N: '1' } }, ReturnValues: 'UPDATED_NEW' }));
    expect((await hit()).Attributes).toEqual({ hits: { N: '1' }, visits: { N: '1' } });
    expect((await hit()).Attributes).toEqual({ hits: { N: '2' }, visits: { N: '2' } });
    const decimal = await ddb().send(new UpdateItemCommand({ TableName: 'users', Key: { id: { S: 'counter' } }, UpdateExpression: 'SET hits = hits - :d', ExpressionAttributeValues: { ':d': { N: '0.25' } }, ReturnValues: 'ALL_NEW' }));
    expect(decimal.Attributes).toEqual({ id: { S: 'counter' }, hits: { N: '1.75' }, visits: { N: '2' } });
  });

  it('locks optimistically: a version condition passes once, the stale writer gets ConditionalCheckFailedException', async () => {
    await ddb().send(new PutItemCommand({ TableName: 'users', Item: { id: { S: 'doc' }, version: { N: '1' }, body: { S: 'v1' } } }));
    const write = (body: string) =>
      ddb().send(new UpdateItemCommand({ TableName: 'users', Key: { id: { S: 'doc' } }, UpdateExpression: 'SET body = :b, version = version + :one', ConditionExpression: 'version = :seen', ExpressionAttributeValues: { ':b': { S: body }, ':one': { N: '1' }, ':seen': { N: '1' } } }));
    await write('v2');
    expect(await failure(write('stale'))).toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(await get('doc')).toEqual({ id: { S: 'doc' }, version: { N: '2' }, body: { S: 'v2' } });
  });

  it('edits maps, lists and sets: nested SET, list_append, REMOVE, ADD and DELETE on a set; UPDATED_OLD gives the touched attributes as they were', async () => {
    await ddb().send(new PutItemCommand({ TableName: 'users', Item: { id: { S: 'p' }, profile: { M: { city: { S: 'Paris' } } }, tags: { L: [{ S: 'a' }] }, badges: { SS: ['r1', 'r2'] }, scratch: { S: 'x' } } }));
    const out = await ddb().send(
      new UpdateItemCommand({
        TableName: 'users',
        Key: { id: { S: 'p' } },
        UpdateExpression: 'SET profile.city = :c, tags = list_append(tags, :more) REMOVE scratch ADD badges :add DELETE badges :del',
        ExpressionAttributeValues: { ':c': { S: 'Lyon' }, ':more': { L: [{ S: 'b' }] }, ':add': { SS: ['r3'] }, ':del': { SS: ['r1'] } },
        ReturnValues: 'UPDATED_OLD',
      }),
    ).catch((e: Error) => e);
    // ADD and DELETE on the same set in one update overlap: DynamoDB refuses it.
    expect(out).toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/Two document paths overlap/) });
    const ok = await ddb().send(
      new UpdateItemCommand({
        TableName: 'users',
        Key: { id: { S: 'p' } },
        UpdateExpression: 'SET profile.city = :c, tags = list_append(tags, :more) REMOVE scratch DELETE badges :del',
        ExpressionAttributeValues: { ':c': { S: 'Lyon' }, ':more': { L: [{ S: 'b' }] }, ':del': { SS: ['r1'] } },
        ReturnValues: 'UPDATED_OLD',
      }),
    );
    expect(ok.Attributes).toEqual({ profile: { M: { city: { S: 'Paris' } } }, tags: { L: [{ S: 'a' }] }, scratch: { S: 'x' }, badges: { SS: ['r1', 'r2'] } });
    expect(await get('p')).toEqual({ id: { S: 'p' }, profile: { M: { city: { S: 'Lyon' } } }, tags: { L: [{ S: 'a' }, { S: 'b' }] }, badges: { SS: ['r2'] } });
  });

  it('refuses to change a key attribute, to repeat a section, and arithmetic on a string', async () => {
    const update = (UpdateExpression: string, values: Record<string, AttributeValue>) => failure(ddb().send(new UpdateItemCommand({ TableName: 'users', Key: { id: { S: 'p' } }, UpdateExpression, ExpressionAttributeValues: values })));
    expect(await update('SET id = :v', { ':v': { S: 'q' } })).toMatchObject({ message: 'One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key' });
    expect(await update('SET a = :v SET b = :v', { ':v': { S: 'q' } })).toMatchObject({ message: 'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;' });
    expect(await update('SET tags = tags + :v', { ':v': { N: '1' } })).toMatchObject({ message: 'An operand in the update expression has an incorrect data type' });
  });
});

describe('FilterExpression', () => {
  it('filters after the read: Limit counts items read, Count the ones kept; a key attribute in a Query filter is refused', async () => {
    for (let n = 1; n <= 6; n++) await ddb().send(new PutItemCommand({ TableName: 'events', Item: { pk: { S: 'e' }, n: { N: String(n) }, kind: { S: n % 2 ? 'odd' : 'even' } } }));
    const page = await ddb().send(new QueryCommand({ TableName: 'events', KeyConditionExpression: 'pk = :p', FilterExpression: 'kind = :k', ExpressionAttributeValues: { ':p': { S: 'e' }, ':k': { S: 'even' } }, Limit: 3 }));
    expect(page).toMatchObject({ Count: 1, ScannedCount: 3, LastEvaluatedKey: { pk: { S: 'e' }, n: { N: '3' } } });
    expect(page.Items!.map((i) => i.n!.N)).toEqual(['2']);
    const scan = await ddb().send(new ScanCommand({ TableName: 'events', FilterExpression: 'kind = :k AND size(kind) = :four', ExpressionAttributeValues: { ':k': { S: 'even' }, ':four': { N: '4' } } }));
    expect(scan.Items!.map((i) => i.n!.N).sort()).toEqual(['2', '4', '6']);
    const keyed = await failure(ddb().send(new QueryCommand({ TableName: 'events', KeyConditionExpression: 'pk = :p', FilterExpression: 'n > :one', ExpressionAttributeValues: { ':p': { S: 'e' }, ':one': { N: '1' } } })));
    expect(keyed).toMatchObject({ message: 'Filter Expression can only contain non-primary key attributes: Primary key attribute: n' });
  });
});

describe('batches', () => {
  it('writes and reads across tables, and a batch with one bad item writes nothing', async () => {
    await ddb().send(
      new BatchWriteItemCommand({
        RequestItems: {
          users: [{ PutRequest: { Item: { id: { S: 'b1' } } } }, { PutRequest: { Item: { id: { S: 'b2' } } } }],
          events: [{ DeleteRequest: { Key: { pk: { S: 'e' }, n: { N: '6' } } } }],
        },
      }),
    );
    const read = await ddb().send(new BatchGetItemCommand({ RequestItems: { users: { Keys: [{ id: { S: 'b1' } }, { id: { S: 'b2' } }, { id: { S: 'none' } }] }, events: { Keys: [{ pk: { S: 'e' }, n: { N: '6' } }] } } }));
    expect(read.Responses?.users?.map((i) => i.id!.S).sort()).toEqual(['b1', 'b2']);
    expect(read.Responses?.events).toEqual([]);
    const bad = await failure(ddb().send(new BatchWriteItemCommand({ RequestItems: { users: [{ PutRequest: { Item: { id: { S: 'b3' } } } }, { PutRequest: { Item: { id: { N: '4' } } } }] } })));
    expect(bad).toMatchObject({ name: 'ValidationException', message: 'The provided key element does not match the schema' });
    expect(await get('b3')).toBeUndefined();
    const duplicates = await failure(ddb().send(new BatchWriteItemCommand({ RequestItems: { users: [{ DeleteRequest: { Key: { id: { S: 'b1' } } } }, { PutRequest: { Item: { id: { S: 'b1' } } } }] } })));
    expect(duplicates).toMatchObject({ message: 'Provided list of item keys contains duplicates' });
  });
});
