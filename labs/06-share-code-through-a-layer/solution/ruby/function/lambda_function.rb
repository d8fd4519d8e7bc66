# Lab 6: share code through a layer.
# dojo_format is the team's shared formatter. require finds it in the folders Ruby
# searches for libraries, where Lambda adds /opt/ruby/lib (RUBYLIB) for layer code.
require 'dojo_format'

def lambda_handler(event:, context:)
  price = DojoFormat.money(event.fetch('cents', 0), event.fetch('currency', 'EUR'))
  path = $LOADED_FEATURES.find { |file| file.end_with?('/dojo_format.rb') }
  puts "Formatted #{price} with dojo_format #{DojoFormat::VERSION} from #{path}"
  { price: price, formatVersion: DojoFormat::VERSION, formatPath: path }
end
