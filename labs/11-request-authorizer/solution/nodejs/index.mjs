import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

// Made once per execution environment; the table's name comes from the configuration.
const dynamodb = new DynamoDBClient({});
const tableName = process.env.TABLE_NAME;

/** A header by name in any case: HTTP API's payload 2.0 lower-cases names, WebSocket events keep the client's. */
const header = (headers, name) => Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];

/** The caller's user id when the API key is known and registered for this device; otherwise undefined. */
async function callerOf(event) {
  const apiKey = header(event.headers, 'x-api-key');
  const device = event.queryStringParameters?.device;
  if (!apiKey || !device) return undefined;
  const { Item } = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { apiKey: { S: apiKey } } }));
  return Item && Item.device.S === device ? Item.userId.S : undefined;
}

export const handler = async (event) => {
  const userId = await callerOf(event);
  const device = event.queryStringParameters?.device;

  // A WebSocket $connect (and a REST API) sends methodArn and reads an IAM policy.
  if (event.methodArn) {
    if (!userId) throw new Error('Unauthorized');
    return {
      principalId: userId,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
      },
      context: { userId, device },
    };
  }

  // An HTTP API with payload format 2.0 and simple responses reads yes or no.
  if (!userId) return { isAuthorized: false };
  return { isAuthorized: true, context: { userId, device } };
};
