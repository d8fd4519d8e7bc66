require 'json'

def lambda_handler(event:, context:)
  event['Records'].each do |record|
    order = JSON.parse(record['body'])
    accepted = order.fetch('amount', 0) > 0
    # A log line for people to read. TODO: publish OrdersAccepted and OrdersRejected as metrics.
    puts JSON.generate('service' => 'orders', 'orderId' => order['orderId'], 'accepted' => accepted)
  end
  nil
end
