from core import price_order


# The handler only adapts: it takes the event apart, calls the core, and shapes the answer.
def lambda_handler(event, context):
    print(f"pricing {len(event['items'])} items for request {context.aws_request_id}")
    return price_order(event["items"], event.get("coupon"))
