# Lab 3: event in, response out.
# API Gateway (REST API, Lambda proxy integration) sends each HTTP request as the event:
# event["httpMethod"], event["path"], event["headers"], and event["body"], the request body
# as a string (or None). It turns what the handler returns into the HTTP response.
import json


def lambda_handler(event, context):
    # Your code here: read the order from event["body"], answer 201 with the accepted order,
    # 400 when the body is not a valid order, and raise an OutOfStockError for unicorns.
    return {
        "statusCode": 501,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"error": "This function does not take orders yet"}),
    }
