# Everything in the handler: the pricing rules can only be reached through a Lambda event and
# context, so testing them means faking both.
def lambda_handler(event, context):
    print(f"pricing {len(event['items'])} items for request {context.aws_request_id}")
    subtotal = 0
    for item in event["items"]:
        subtotal += item["unitPriceCents"] * item["quantity"]
    discount = 0
    if event.get("coupon") == "SAVE10":
        discount = subtotal * 10 // 100
    if event.get("coupon") == "FLAT500":
        discount = min(500, subtotal)
    return {"subtotalCents": subtotal, "discountCents": discount, "totalCents": subtotal - discount}
