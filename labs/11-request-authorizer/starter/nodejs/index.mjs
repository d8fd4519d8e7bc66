import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

// Made once per execution environment; the table's name comes from the configuration.
const dynamodb = new DynamoDBClient({});
const tableName = process.env.TABLE_NAME;

export const handler = async (event) => {
  const apiKey = event.headers?.['x-api-key'];
  if (!apiKey) return { isAuthorized: false };
  const { Item } = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { apiKey: { S: apiKey } } }));
  if (!Item) return { isAuthorized: false };

  // TODO: the key must be registered for the device in the query string (the item's device),
  // and a WebSocket $connect event (it has a methodArn) needs an IAM policy, not a simple response.
  return { isAuthorized: true, context: { userId: Item.userId.S } };
};
