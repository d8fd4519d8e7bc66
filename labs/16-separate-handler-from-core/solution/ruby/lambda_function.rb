require_relative 'core'

# The handler only adapts: it takes the event apart, calls the core, and shapes the answer.
def lambda_handler(event:, context:)
  puts "pricing #{event['items'].length} items for request #{context.aws_request_id}"
  Core.price_order(event['items'], event['coupon'])
end
