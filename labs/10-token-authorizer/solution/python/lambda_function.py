import os
import re

import boto3

# Made once per execution environment; the table's name comes from the configuration.
dynamodb = boto3.client("dynamodb")
TABLE_NAME = os.environ["TABLE_NAME"]


def lambda_handler(event, context):
    # "Bearer <token>": anything else is not a token of ours.
    match = re.fullmatch(r"Bearer (\S+)", event.get("authorizationToken") or "")
    if match is None:
        raise Exception("Unauthorized")

    answer = dynamodb.get_item(TableName=TABLE_NAME, Key={"token": {"S": match.group(1)}})
    # The exact message "Unauthorized" is what API Gateway turns into a 401.
    if "Item" not in answer:
        raise Exception("Unauthorized")
    user_id = answer["Item"]["userId"]["S"]

    # arn:aws:execute-api:region:account:api/stage/VERB/path: the policy names every order of
    # this API and stage, not only this request's method, because API Gateway caches it for
    # the token and applies it to the caller's next requests too.
    api_arn, stage = event["methodArn"].split("/")[:2]
    return {
        "principalId": user_id,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": f"{api_arn}/{stage}/*/orders/*"},
                # An explicit Deny wins over the Allow above.
                {"Action": "execute-api:Invoke", "Effect": "Deny", "Resource": f"{api_arn}/{stage}/DELETE/orders/*"},
            ],
        },
        "context": {"userId": user_id},
    }
