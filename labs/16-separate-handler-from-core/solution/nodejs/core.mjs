// The core: plain values in, plain values out. Nothing here knows about Lambda, events or
// contexts, so a unit test calls it directly, and the same rules could run anywhere else.

const coupons = {
  SAVE10: (subtotal) => Math.floor((subtotal * 10) / 100),
  FLAT500: (subtotal) => Math.min(500, subtotal),
};

/** Prices an order: items of {sku, unitPriceCents, quantity} and an optional coupon code. */
export function priceOrder(items, coupon) {
  const subtotalCents = items.reduce((sum, item) => sum + item.unitPriceCents * item.quantity, 0);
  const discountCents = coupons[coupon]?.(subtotalCents) ?? 0;
  return { subtotalCents, discountCents, totalCents: subtotalCents - discountCents };
}
