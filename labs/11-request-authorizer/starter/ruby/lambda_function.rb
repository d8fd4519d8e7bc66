require 'dojo_dynamodb'

# The table's name comes from the configuration. On AWS this would be the AWS SDK for Ruby
# (Aws::DynamoDB::Client#get_item); here the runtime's DojoDynamoDB makes the same call.
TABLE_NAME = ENV.fetch('TABLE_NAME')

def lambda_handler(event:, context:)
  api_key = (event['headers'] || {})['x-api-key']
  return { isAuthorized: false } if api_key.to_s.empty?

  item = DojoDynamoDB.get_item(table_name: TABLE_NAME, key: { 'apiKey' => api_key })
  return { isAuthorized: false } if item.nil?

  # TODO: the key must be registered for the device in the query string (the item's device),
  # and a WebSocket $connect event (it has a methodArn) needs an IAM policy, not a simple response.
  { isAuthorized: true, context: { userId: item['userId'] } }
end
