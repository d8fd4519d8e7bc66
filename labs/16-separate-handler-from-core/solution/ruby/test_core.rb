require 'minitest/autorun'
require_relative 'core'

class CoreTest < Minitest::Test
  ITEMS = [
    { 'sku' => 'A', 'unitPriceCents' => 1250, 'quantity' => 2 },
    { 'sku' => 'B', 'unitPriceCents' => 399, 'quantity' => 1 }
  ].freeze

  def test_adds_up_unit_price_times_quantity
    assert_equal({ subtotalCents: 2899, discountCents: 0, totalCents: 2899 }, Core.price_order(ITEMS))
  end

  def test_save10_takes_ten_percent_rounded_down
    assert_equal({ subtotalCents: 2899, discountCents: 289, totalCents: 2610 }, Core.price_order(ITEMS, 'SAVE10'))
  end

  def test_flat500_never_takes_more_than_the_subtotal
    quote = Core.price_order([{ 'sku' => 'C', 'unitPriceCents' => 300, 'quantity' => 1 }], 'FLAT500')
    assert_equal({ subtotalCents: 300, discountCents: 300, totalCents: 0 }, quote)
  end

  def test_unknown_coupon_gives_no_discount
    assert_equal 0, Core.price_order(ITEMS, 'NOPE')[:discountCents]
  end
end
