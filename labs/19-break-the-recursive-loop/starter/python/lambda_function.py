import json
import os

import boto3

sqs = boto3.client("sqs")
QUEUE_URL = sqs.get_queue_url(QueueName=os.environ["QUEUE_NAME"])["QueueUrl"]
MAX_HOPS = int(os.environ["MAX_HOPS"])


def lambda_handler(event, context):
    for record in event["Records"]:
        order = json.loads(record["body"])
        hops = order.get("hops", 0)
        print(f"order {order['orderId']}: hop {hops}")
        # Every order gets a follow-up on the same queue... and so does every follow-up.
        # TODO: stop once the order has had MAX_HOPS follow-ups.
        sqs.send_message(QueueUrl=QUEUE_URL, MessageBody=json.dumps({**order, "hops": hops + 1}))
