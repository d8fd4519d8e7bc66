from datetime import datetime, timezone

# Runs once per execution environment, during Init.
started_at = datetime.now(timezone.utc).isoformat()
invocations = 0

def lambda_handler(event, context):
    global invocations
    invocations += 1  # still counting on a warm start
    return {"startedAt": started_at, "invocations": invocations}
