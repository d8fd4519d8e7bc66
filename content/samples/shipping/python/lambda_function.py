from core import shipping_cents


# The handler only adapts the event to the core and the core's answer to a response.
def lambda_handler(event, context):
    return {"shippingCents": shipping_cents(event["weightGrams"], event.get("express", False))}
