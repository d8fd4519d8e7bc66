import json
import time


def publish(accepted):
    """One embedded metric format document per order: CloudWatch Logs extracts the metrics from the
    log line, so publishing costs no API call in the handler.
    https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
    """
    print(json.dumps({
        "_aws": {
            "Timestamp": int(time.time() * 1000),
            "CloudWatchMetrics": [{"Namespace": "Lab20/Orders", "Dimensions": [["Service"]],
                                   "Metrics": [{"Name": "OrdersAccepted", "Unit": "Count"}, {"Name": "OrdersRejected", "Unit": "Count"}]}],
        },
        "Service": "orders",
        "OrdersAccepted": 1 if accepted else 0,
        "OrdersRejected": 0 if accepted else 1,
    }))


def lambda_handler(event, context):
    for record in event["Records"]:
        order = json.loads(record["body"])
        accepted = order.get("amount", 0) > 0
        publish(accepted)
