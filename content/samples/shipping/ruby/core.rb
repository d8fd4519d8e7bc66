# The core: plain values in, plain values out; nothing of Lambda.
module Core
  def self.shipping_cents(weight_grams, express = false)
    standard = 500 + 2 * (weight_grams / 100.0).ceil
    express ? standard * 2 : standard
  end
end
