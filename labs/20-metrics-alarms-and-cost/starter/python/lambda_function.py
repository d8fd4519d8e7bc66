import json


def lambda_handler(event, context):
    for record in event["Records"]:
        order = json.loads(record["body"])
        accepted = order.get("amount", 0) > 0
        # A log line for people to read. TODO: publish OrdersAccepted and OrdersRejected as metrics.
        print(json.dumps({"service": "orders", "orderId": order["orderId"], "accepted": accepted}))
