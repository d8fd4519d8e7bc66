# Lab 17: an order consumer fed by an SQS queue through an event source mapping.
# Each message body is an order: {"orderId": "o-1", "quantity": 2}.
require 'json'

# Checks one order; raises when the body is not an order we can process.
def process_order(body)
  order = JSON.parse(body)
  raise ArgumentError, 'an order needs an orderId' unless order['orderId'].is_a?(String) && !order['orderId'].empty?

  quantity = order['quantity']
  raise ArgumentError, "order #{order['orderId']}: quantity must be a whole number of at least 1" unless quantity.is_a?(Integer) && quantity >= 1
  # A real consumer would charge and ship the order here.
end

def lambda_handler(event:, context:)
  # One bad message raises, and the whole batch goes back to the queue.
  event['Records'].each { |record| process_order(record['body']) }
  nil
end
