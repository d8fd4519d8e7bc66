// A broken core for the grader: it forgets the quantity. The learner's tests should notice.
const coupons = {
  SAVE10: (subtotal) => Math.floor((subtotal * 10) / 100),
  FLAT500: (subtotal) => Math.min(500, subtotal),
};

export function priceOrder(items, coupon) {
  const subtotalCents = items.reduce((sum, item) => sum + item.unitPriceCents, 0);
  const discountCents = coupons[coupon]?.(subtotalCents) ?? 0;
  return { subtotalCents, discountCents, totalCents: subtotalCents - discountCents };
}
