# Lab 17: an order consumer fed by an SQS queue through an event source mapping.
# Each message body is an order: {"orderId": "o-1", "quantity": 2}.
import json


def process_order(body):
    """Checks one order; raises when the body is not an order we can process."""
    order = json.loads(body)
    if not isinstance(order.get("orderId"), str) or order["orderId"] == "":
        raise ValueError("an order needs an orderId")
    quantity = order.get("quantity")
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        raise ValueError(f"order {order['orderId']}: quantity must be a whole number of at least 1")
    # A real consumer would charge and ship the order here.


# With ReportBatchItemFailures on the mapping, Lambda deletes every message except those named
# here; they come back after the visibility timeout (DG services-sqs-errorhandling.html).
def lambda_handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            process_order(record["body"])
        except Exception as error:
            print(f"message {record['messageId']} failed: {error}")
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
