export const handler = async (event) => {
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    const accepted = order.amount > 0;
    // A log line for people to read. TODO: publish OrdersAccepted and OrdersRejected as metrics.
    console.log(JSON.stringify({ service: 'orders', orderId: order.orderId, accepted }));
  }
};
