import json

def lambda_handler(event, context):
    print(json.dumps({"level": "info", "requestId": context.aws_request_id, "message": "order received"}))
    return {"ok": True}
