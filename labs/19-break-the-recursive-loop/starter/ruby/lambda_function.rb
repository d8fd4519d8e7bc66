require 'json'
require 'dojo_sqs'

# On AWS this would be the AWS SDK for Ruby (Aws::SQS::Client); here the runtime's DojoSQS makes
# the same calls.
QUEUE_URL = DojoSQS.get_queue_url(queue_name: ENV.fetch('QUEUE_NAME'))
MAX_HOPS = Integer(ENV.fetch('MAX_HOPS'))

def lambda_handler(event:, context:)
  event['Records'].each do |record|
    order = JSON.parse(record['body'])
    hops = order.fetch('hops', 0)
    puts "order #{order['orderId']}: hop #{hops}"
    # Every order gets a follow-up on the same queue... and so does every follow-up.
    # TODO: stop once the order has had MAX_HOPS follow-ups.
    DojoSQS.send_message(queue_url: QUEUE_URL, message_body: JSON.generate(order.merge('hops' => hops + 1)))
  end
  nil
end
