# A TOKEN authorizer: API Gateway sends the Authorization header as authorizationToken and the
# method's ARN as methodArn; the answer is who the caller is and an IAM policy.
USERS = { 'token-ada' => 'ada', 'token-grace' => 'grace' }.freeze

def lambda_handler(event:, context:)
  token = event.fetch('authorizationToken', '').delete_prefix('Bearer ')
  user_id = USERS[token]
  # This exact message makes API Gateway answer 401 instead of 500.
  raise 'Unauthorized' if user_id.nil?

  # arn:aws:execute-api:region:account:apiId/stage/VERB/path -> every GET of this API and stage,
  # so a cached answer also fits the caller's next GET on another path.
  api_arn, stage = event.fetch('methodArn').split('/')
  {
    principalId: user_id,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: "#{api_arn}/#{stage}/GET/*" }]
    },
    context: { userId: user_id }
  }
end
