require_relative 'core'

# The handler only adapts the event to the core and the core's answer to a response.
def lambda_handler(event:, context:)
  { shippingCents: Core.shipping_cents(event['weightGrams'], event['express'] == true) }
end
