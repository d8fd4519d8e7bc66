# Lab 7: layer order and limits.
# Every dojo_* library here comes from a layer that function.json lists. Lambda extracts the
# layers into /opt one after another, in the order listed: where two layers hold the same
# file, the function sees the copy from the layer extracted last.
require 'dojo_currency'
require 'dojo_format'
require 'dojo_ids'
require 'dojo_slug'
require 'dojo_text'
require 'dojo_time'

def lambda_handler(event:, context:)
  price = DojoFormat.money(event.fetch('cents', 0), event.fetch('currency', 'EUR'))
  helpers = {
    currency: DojoCurrency::VERSION,
    text: DojoText::VERSION,
    slug: DojoSlug::VERSION,
    time: DojoTime::VERSION,
    ids: DojoIds::VERSION
  }
  puts "Formatted #{price} with dojo_format #{DojoFormat::VERSION}; helpers #{helpers}"
  { price: price, formatVersion: DojoFormat::VERSION, helpers: helpers }
end
