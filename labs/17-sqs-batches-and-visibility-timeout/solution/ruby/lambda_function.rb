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

# With ReportBatchItemFailures on the mapping, Lambda deletes every message except those named
# here; they come back after the visibility timeout (DG services-sqs-errorhandling.html).
def lambda_handler(event:, context:)
  failures = []
  event['Records'].each do |record|
    process_order(record['body'])
  rescue StandardError => e
    puts "message #{record['messageId']} failed: #{e.message}"
    failures << { itemIdentifier: record['messageId'] }
  end
  { batchItemFailures: failures }
end
