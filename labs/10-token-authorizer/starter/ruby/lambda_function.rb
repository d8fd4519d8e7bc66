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

  # TODO: allow every order of the API's stage (GET and PUT), deny DELETE with an explicit
  # Deny, and pass the caller's id on to the backend in the context.
  {
    principalId: user_id,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.fetch('methodArn') }]
    }
  }
end
