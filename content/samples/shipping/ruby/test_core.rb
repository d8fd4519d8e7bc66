require 'minitest/autorun'
require_relative 'core'

class CoreTest < Minitest::Test
  def test_500_cents_plus_2_per_started_100_grams
    assert_equal 526, Core.shipping_cents(1250)
  end

  def test_express_doubles_the_price
    assert_equal 1052, Core.shipping_cents(1250, true)
  end
end
