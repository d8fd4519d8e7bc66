// Lab 17: an order consumer fed by an SQS queue through an event source mapping.
// Each message body is an order: {"orderId": "o-1", "quantity": 2}.

/** Checks one order; throws when the body is not an order we can process. */
function processOrder(body) {
  const order = JSON.parse(body);
  if (typeof order.orderId !== 'string' || order.orderId === '') throw new Error('an order needs an orderId');
  if (!Number.isInteger(order.quantity) || order.quantity < 1) throw new Error(`order ${order.orderId}: quantity must be a whole number of at least 1`);
  // A real consumer would charge and ship the order here.
}

// With ReportBatchItemFailures on the mapping, Lambda deletes every message except those named
// here; they come back after the visibility timeout (DG services-sqs-errorhandling.html).
export const handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      processOrder(record.body);
    } catch (error) {
      console.log(`message ${record.messageId} failed: ${error.message}`);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
