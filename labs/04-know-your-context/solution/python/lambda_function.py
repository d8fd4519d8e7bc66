import json
import time


def lambda_handler(event, context):
    request_id = context.aws_request_id
    remaining_ms = context.get_remaining_time_in_millis()
    deadline_ms = int(time.time() * 1000) + remaining_ms
    # One JSON object per line, so a log query can filter on requestId.
    print(json.dumps({"requestId": request_id, "message": "Handling a request", "remainingMs": remaining_ms}))
    return {
        "requestId": request_id,
        "functionName": context.function_name,
        "remainingMs": remaining_ms,
        "deadlineMs": deadline_ms,
    }
