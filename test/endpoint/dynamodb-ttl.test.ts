// Time to Live on a template table, with the official SDK and the stack's clock: an expired item
// is still read (as on AWS, until the background deletion), and is deleted two days after its
// expiry when the clock gets there; DescribeTimeToLive and UpdateTimeToLive answer as DynamoDB does.

import { DescribeTimeToLiveCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { anyCredentials } from '../support/endpoint.ts';
import { useStartedTemplate } from '../support/started-template.ts';

const started = useStartedTemplate({
  'template.yaml': `
Resources:
  Sessions:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: sessions
      AttributeDefinitions: [{ AttributeName: token, AttributeType: S }]
      KeySchema: [{ AttributeName: token, KeyType: HASH }]
      TimeToLiveSpecification: { AttributeName: expiresAt, Enabled: true }
`,
});
const ddb = () => new DynamoDBClient({ endpoint: started().endpoint.url, region: 'us-east-1', credentials: anyCredentials, maxAttempts: 1 });
const read = async (token: string) => (await ddb().send(new GetItemCommand({ TableName: 'sessions', Key: { token: { S: token } } }))).Item;

describe('Time to Live', () => {
  it('keeps an expired item readable, then deletes it two days past its expiry on the stack clock', async () => {
    const now = Math.floor(started().parts.clock.now() / 1000);
    await ddb().send(new PutItemCommand({ TableName: 'sessions', Item: { token: { S: 'old' }, expiresAt: { N: String(now - 10) } } }));
    await ddb().send(new PutItemCommand({ TableName: 'sessions', Item: { token: { S: 'soon' }, expiresAt: { N: String(now + 3600) } } }));
    await ddb().send(new PutItemCommand({ TableName: 'sessions', Item: { token: { S: 'forever' }, expiresAt: { S: 'not a number' } } }));
    expect(await read('old')).toBeDefined();
    started().parts.clock.advance((2 * 24 * 60 * 60 + 120) * 1000);
    await expect.poll(() => read('old')).toBeUndefined();
    // Expired an hour after 'old' was put: past its expiry, not yet two days past it.
    expect(await read('soon')).toBeDefined();
    expect(await read('forever')).toBeDefined();
    expect(started().lines.join('\n')).toContain('Table sessions: Time to Live deleted 1 expired item(s)');
  });

  it('is described, and enabling it twice is refused', async () => {
    expect((await ddb().send(new DescribeTimeToLiveCommand({ TableName: 'sessions' }))).TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    const again = await ddb().send(new UpdateTimeToLiveCommand({ TableName: 'sessions', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } })).catch((e: Error) => e);
    expect(again).toMatchObject({ name: 'ValidationException', message: 'TimeToLive is already enabled' });
  });
});
