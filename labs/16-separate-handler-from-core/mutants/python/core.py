# A broken core for the grader: it forgets the quantity. The learner's tests should notice.
COUPONS = {
    "SAVE10": lambda subtotal: subtotal * 10 // 100,
    "FLAT500": lambda subtotal: min(500, subtotal),
}


def price_order(items, coupon=None):
    subtotal = sum(item["unitPriceCents"] for item in items)
    discount = COUPONS[coupon](subtotal) if coupon in COUPONS else 0
    return {"subtotalCents": subtotal, "discountCents": discount, "totalCents": subtotal - discount}
