require 'json'

# One embedded metric format document per order: CloudWatch Logs extracts the metrics from the
# log line, so publishing costs no API call in the handler.
# https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
def publish(accepted)
  puts JSON.generate(
    '_aws' => {
      'Timestamp' => (Time.now.to_f * 1000).to_i,
      'CloudWatchMetrics' => [{ 'Namespace' => 'Lab20/Orders', 'Dimensions' => [['Service']],
                                'Metrics' => [{ 'Name' => 'OrdersAccepted', 'Unit' => 'Count' }, { 'Name' => 'OrdersRejected', 'Unit' => 'Count' }] }]
    },
    'Service' => 'orders',
    'OrdersAccepted' => accepted ? 1 : 0,
    'OrdersRejected' => accepted ? 0 : 1
  )
end

def lambda_handler(event:, context:)
  event['Records'].each do |record|
    order = JSON.parse(record['body'])
    accepted = order.fetch('amount', 0) > 0
    publish(accepted)
  end
  nil
end
