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

    # TODO: allow every order of the API's stage (GET and PUT), deny DELETE with an explicit
    # Deny, and pass the caller's id on to the backend in the context.
    return {
        "principalId": user_id,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["methodArn"]}],
        },
    }
