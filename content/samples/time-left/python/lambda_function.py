def process_item(item):
    return item  # your real work

def lambda_handler(event, context):
    processed = 0
    for item in event.get("items", []):
        # Keep a margin to answer before the timeout ends the invocation.
        if context.get_remaining_time_in_millis() < 500:
            break
        process_item(item)
        processed += 1
    print(f"{context.function_name} processed {processed} items")
    return {"processed": processed, "requestId": context.aws_request_id}
