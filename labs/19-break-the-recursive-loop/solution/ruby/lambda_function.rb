require 'json'
require 'dojo_sqs'

# Looked up once per execution environment. On AWS this would be the AWS SDK for Ruby
# (Aws::SQS::Client); here the runtime's DojoSQS makes the same calls, trace header included,
# which is how Lambda follows the chain through the queue.
QUEUE_URL = DojoSQS.get_queue_url(queue_name: ENV.fetch('QUEUE_NAME'))
MAX_HOPS = Integer(ENV.fetch('MAX_HOPS'))

def lambda_handler(event:, context:)
  event['Records'].each do |record|
    order = JSON.parse(record['body'])
    hops = order.fetch('hops', 0)
    puts "order #{order['orderId']}: hop #{hops}"
    # The count travels with the message: each message knows how far its chain has gone.
    next if hops >= MAX_HOPS # this order's chain is done

    DojoSQS.send_message(queue_url: QUEUE_URL, message_body: JSON.generate(order.merge('hops' => hops + 1)))
  end
  nil
end
