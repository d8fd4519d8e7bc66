// One embedded metric format document per order: CloudWatch Logs extracts the metrics from the
// log line, so publishing costs no API call in the handler.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
function publish(accepted) {
  console.log(JSON.stringify({
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{ Namespace: 'Lab20/Orders', Dimensions: [['Service']], Metrics: [{ Name: 'OrdersAccepted', Unit: 'Count' }, { Name: 'OrdersRejected', Unit: 'Count' }] }],
    },
    Service: 'orders',
    OrdersAccepted: accepted ? 1 : 0,
    OrdersRejected: accepted ? 0 : 1,
  }));
}

export const handler = async (event) => {
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    const accepted = order.amount > 0;
    publish(accepted);
  }
};
