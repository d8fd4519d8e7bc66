# A broken core for the grader: it forgets the quantity. The learner's tests should notice.
module Core
  COUPONS = {
    'SAVE10' => ->(subtotal) { subtotal * 10 / 100 },
    'FLAT500' => ->(subtotal) { [500, subtotal].min }
  }.freeze

  def self.price_order(items, coupon = nil)
    subtotal = items.sum { |item| item['unitPriceCents'] }
    discount = COUPONS.key?(coupon) ? COUPONS[coupon].call(subtotal) : 0
    { subtotalCents: subtotal, discountCents: discount, totalCents: subtotal - discount }
  end
end
