import os

import boto3

# Made once per execution environment; the table's name comes from the configuration.
dynamodb = boto3.client("dynamodb")
TABLE_NAME = os.environ["TABLE_NAME"]


def header(headers, name):
    """A header by name in any case: HTTP API's payload 2.0 lower-cases names, WebSocket events keep the client's."""
    return next((value for key, value in (headers or {}).items() if key.lower() == name), None)


def caller_of(event):
    """The caller's user id when the API key is known and registered for this device; otherwise None."""
    api_key = header(event.get("headers"), "x-api-key")
    device = (event.get("queryStringParameters") or {}).get("device")
    if not api_key or not device:
        return None
    item = dynamodb.get_item(TableName=TABLE_NAME, Key={"apiKey": {"S": api_key}}).get("Item")
    if item is None or item["device"]["S"] != device:
        return None
    return item["userId"]["S"]


def lambda_handler(event, context):
    user_id = caller_of(event)
    device = (event.get("queryStringParameters") or {}).get("device")

    # A WebSocket $connect (and a REST API) sends methodArn and reads an IAM policy.
    if "methodArn" in event:
        if user_id is None:
            raise Exception("Unauthorized")
        return {
            "principalId": user_id,
            "policyDocument": {
                "Version": "2012-10-17",
                "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["methodArn"]}],
            },
            "context": {"userId": user_id, "device": device},
        }

    # An HTTP API with payload format 2.0 and simple responses reads yes or no.
    if user_id is None:
        return {"isAuthorized": False}
    return {"isAuthorized": True, "context": {"userId": user_id, "device": device}}
