require 'json'

# Raised, not answered: an order the shop cannot serve is an error worth an alarm.
# Lambda's Ruby runtime reports it as errorType "Function<OutOfStockError>".
class OutOfStockError < StandardError; end

def respond(status_code, body)
  { statusCode: status_code, headers: { 'Content-Type' => 'application/json' }, body: JSON.generate(body) }
end

def lambda_handler(event:, context:)
  begin
    order = JSON.parse(event['body'] || '')
  rescue JSON::ParserError
    return respond(400, error: 'The body must be JSON, for example {"item": "tea", "quantity": 2}')
  end
  return respond(400, error: 'The body must be a JSON object') unless order.is_a?(Hash)

  item = order['item']
  quantity = order['quantity']
  return respond(400, error: 'item must be a non-empty string') unless item.is_a?(String) && !item.empty?
  # true and 2.0 are not Integers in Ruby, so is_a?(Integer) is the whole check.
  return respond(400, error: 'quantity must be a whole number of at least 1') unless quantity.is_a?(Integer) && quantity >= 1
  raise OutOfStockError, "Sorry, we are out of #{item}" if item == 'unicorn'

  respond(201, item: item, quantity: quantity, status: 'accepted')
end
