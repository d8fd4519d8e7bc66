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

  // arn:aws:execute-api:region:account:api/stage/VERB/path: the policy names every order of
  // this API and stage, not only this request's method, because API Gateway caches it for
  // the token and applies it to the caller's next requests too.
  const [apiArn, stage] = event.methodArn.split('/');
  const orders = (verb) => `${apiArn}/${stage}/${verb}/orders/*`;
  return {
    principalId: userId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: orders('*') },
        // An explicit Deny wins over the Allow above.
        { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: orders('DELETE') },
      ],
    },
    context: { userId },
  };
};
