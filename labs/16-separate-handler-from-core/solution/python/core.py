"""The core: plain values in, plain values out. Nothing here knows about Lambda, events or
contexts, so a unit test calls it directly, and the same rules could run anywhere else."""

COUPONS = {
    "SAVE10": lambda subtotal: subtotal * 10 // 100,
    "FLAT500": lambda subtotal: min(500, subtotal),
}


def price_order(items, coupon=None):
    """Prices an order: items of {sku, unitPriceCents, quantity} and an optional coupon code."""
    subtotal = sum(item["unitPriceCents"] * item["quantity"] for item in items)
    discount = COUPONS[coupon](subtotal) if coupon in COUPONS else 0
    return {"subtotalCents": subtotal, "discountCents": discount, "totalCents": subtotal - discount}
