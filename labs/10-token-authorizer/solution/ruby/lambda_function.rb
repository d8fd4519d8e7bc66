require 'dojo_dynamodb'

# The table's name comes from the configuration. On AWS this would be the AWS SDK for Ruby
# (Aws::DynamoDB::Client#get_item); here the runtime's DojoDynamoDB makes the same call.
TABLE_NAME = ENV.fetch('TABLE_NAME')

def lambda_handler(event:, context:)
  # "Bearer <token>": anything else is not a token of ours.
  token = event['authorizationToken'].to_s[/\ABearer (\S+)\z/, 1]
  raise 'Unauthorized' if token.nil?

  item = DojoDynamoDB.get_item(table_name: TABLE_NAME, key: { 'token' => token })
  # The exact message "Unauthorized" is what API Gateway turns into a 401.
  raise 'Unauthorized' if item.nil?

  user_id = item.fetch('userId')

  # arn:aws:execute-api:region:account:api/stage/VERB/path: the policy names every order of
  # this API and stage, not only this request's method, because API Gateway caches it for
  # the token and applies it to the caller's next requests too.
  api_arn, stage = event.fetch('methodArn').split('/')
  {
    principalId: user_id,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: "#{api_arn}/#{stage}/*/orders/*" },
        # An explicit Deny wins over the Allow above.
        { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: "#{api_arn}/#{stage}/DELETE/orders/*" }
      ]
    },
    context: { userId: user_id }
  }
end
