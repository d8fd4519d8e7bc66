import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

// Made once per execution environment; the table's name comes from the configuration.
const dynamodb = new DynamoDBClient({});
const tableName = process.env.TABLE_NAME;

export const handler = async (event) => {
  // "Bearer <token>": anything else is not a token of ours.
  const token = /^Bearer (\S+)$/.exec(event.authorizationToken ?? '')?.[1];
  if (!token) throw new Error('Unauthorized');

  const { Item } = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { token: { S: token } } }));
  // The exact message "Unauthorized" is what API Gateway turns into a 401.
  if (!Item) throw new Error('Unauthorized');
  const userId = Item.userId.S;

  // TODO: allow every order of the API's stage (GET and PUT), deny DELETE with an explicit
  // Deny, and pass the caller's id on to the backend in the context.
  return {
    principalId: userId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
    },
  };
};
