import json
import os

import boto3

# Made once per execution environment (lesson 7.1); boto3 sends the invocation's trace header
# with every call, which is how Lambda follows the chain through the queue.
sqs = boto3.client("sqs")
QUEUE_URL = sqs.get_queue_url(QueueName=os.environ["QUEUE_NAME"])["QueueUrl"]
MAX_HOPS = int(os.environ["MAX_HOPS"])


def lambda_handler(event, context):
    for record in event["Records"]:
        order = json.loads(record["body"])
        hops = order.get("hops", 0)
        print(f"order {order['orderId']}: hop {hops}")
        # The count travels with the message: each message knows how far its chain has gone.
        if hops >= MAX_HOPS:
            continue  # this order's chain is done
        sqs.send_message(QueueUrl=QUEUE_URL, MessageBody=json.dumps({**order, "hops": hops + 1}))
