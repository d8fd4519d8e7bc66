# Everything in the handler: the pricing rules can only be reached through a Lambda event and
# context, so testing them means faking both.
def lambda_handler(event:, context:)
  puts "pricing #{event['items'].length} items for request #{context.aws_request_id}"
  subtotal = 0
  event['items'].each { |item| subtotal += item['unitPriceCents'] * item['quantity'] }
  discount = 0
  discount = subtotal * 10 / 100 if event['coupon'] == 'SAVE10'
  discount = [500, subtotal].min if event['coupon'] == 'FLAT500'
  { subtotalCents: subtotal, discountCents: discount, totalCents: subtotal - discount }
end
