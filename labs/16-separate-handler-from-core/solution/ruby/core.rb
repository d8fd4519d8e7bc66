# The core: plain values in, plain values out. Nothing here knows about Lambda, events or
# contexts, so a unit test calls it directly, and the same rules could run anywhere else.
module Core
  COUPONS = {
    'SAVE10' => ->(subtotal) { subtotal * 10 / 100 },
    'FLAT500' => ->(subtotal) { [500, subtotal].min }
  }.freeze

  # Prices an order: items of {'sku', 'unitPriceCents', 'quantity'} and an optional coupon code.
  def self.price_order(items, coupon = nil)
    subtotal = items.sum { |item| item['unitPriceCents'] * item['quantity'] }
    discount = COUPONS.key?(coupon) ? COUPONS[coupon].call(subtotal) : 0
    { subtotalCents: subtotal, discountCents: discount, totalCents: subtotal - discount }
  end
end
