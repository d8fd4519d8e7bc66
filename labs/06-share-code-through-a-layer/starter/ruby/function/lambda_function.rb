# Lab 6: share code through a layer.
# dojo_format is the team's shared formatter. require_relative loads the copy that sits
# next to this file, inside the function's own package.
require_relative 'dojo_format'

def lambda_handler(event:, context:)
  price = DojoFormat.money(event.fetch('cents', 0), event.fetch('currency', 'EUR'))
  path = $LOADED_FEATURES.find { |file| file.end_with?('/dojo_format.rb') }
  puts "Formatted #{price} with dojo_format #{DojoFormat::VERSION} from #{path}"
  { price: price, formatVersion: DojoFormat::VERSION, formatPath: path }
end
