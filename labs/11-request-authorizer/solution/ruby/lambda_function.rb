require 'dojo_dynamodb'

# The table's name comes from the configuration. On AWS this would be the AWS SDK for Ruby
# (Aws::DynamoDB::Client#get_item); here the runtime's DojoDynamoDB makes the same call.
TABLE_NAME = ENV.fetch('TABLE_NAME')

# A header by name in any case: HTTP API's payload 2.0 lower-cases names, WebSocket events keep the client's.
def header(headers, name)
  (headers || {}).find { |key, _| key.downcase == name }&.last
end

# The caller's user id when the API key is known and registered for this device; otherwise nil.
def caller_of(event)
  api_key = header(event['headers'], 'x-api-key')
  device = (event['queryStringParameters'] || {})['device']
  return nil if api_key.to_s.empty? || device.to_s.empty?

  item = DojoDynamoDB.get_item(table_name: TABLE_NAME, key: { 'apiKey' => api_key })
  return nil if item.nil? || item['device'] != device

  item['userId']
end

def lambda_handler(event:, context:)
  user_id = caller_of(event)
  device = (event['queryStringParameters'] || {})['device']

  # A WebSocket $connect (and a REST API) sends methodArn and reads an IAM policy.
  if event['methodArn']
    raise 'Unauthorized' if user_id.nil?

    return {
      principalId: user_id,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event['methodArn'] }]
      },
      context: { userId: user_id, device: device }
    }
  end

  # An HTTP API with payload format 2.0 and simple responses reads yes or no.
  return { isAuthorized: false } if user_id.nil?

  { isAuthorized: true, context: { userId: user_id, device: device } }
end
