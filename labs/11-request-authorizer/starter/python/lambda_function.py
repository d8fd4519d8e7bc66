import os

import boto3

# Made once per execution environment; the table's name comes from the configuration.
dynamodb = boto3.client("dynamodb")
TABLE_NAME = os.environ["TABLE_NAME"]


def lambda_handler(event, context):
    api_key = (event.get("headers") or {}).get("x-api-key")
    if not api_key:
        return {"isAuthorized": False}
    item = dynamodb.get_item(TableName=TABLE_NAME, Key={"apiKey": {"S": api_key}}).get("Item")
    if item is None:
        return {"isAuthorized": False}

    # TODO: the key must be registered for the device in the query string (the item's device),
    # and a WebSocket $connect event (it has a methodArn) needs an IAM policy, not a simple response.
    return {"isAuthorized": True, "context": {"userId": item["userId"]["S"]}}
