require 'minitest/autorun'
require 'ostruct'
# The only way in is the handler: the test must build a Lambda event and a fake context.
require_relative 'lambda_function'

class CoreTest < Minitest::Test
  def test_adds_up_unit_price_times_quantity
    event = { 'items' => [{ 'sku' => 'A', 'unitPriceCents' => 1250, 'quantity' => 2 }] }
    context = OpenStruct.new(aws_request_id: 'test')
    assert_equal 2500, lambda_handler(event: event, context: context)[:totalCents]
  end
end
