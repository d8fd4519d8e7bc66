// A TOKEN authorizer: API Gateway sends the Authorization header as authorizationToken and the
// method's ARN as methodArn; the answer is who the caller is and an IAM policy.
const users = { 'token-ada': 'ada', 'token-grace': 'grace' };

export const handler = async (event) => {
  const token = (event.authorizationToken ?? '').replace(/^Bearer /, '');
  const userId = users[token];
  // This exact message makes API Gateway answer 401 instead of 500.
  if (!userId) throw new Error('Unauthorized');

  // arn:aws:execute-api:region:account:apiId/stage/VERB/path -> every GET of this API and stage,
  // so a cached answer also fits the caller's next GET on another path.
  const [apiArn, stage] = event.methodArn.split('/');
  return {
    principalId: userId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${apiArn}/${stage}/GET/*` }],
    },
    context: { userId },
  };
};
