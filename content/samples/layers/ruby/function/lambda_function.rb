require 'greeting' # /opt/ruby/lib is on RUBYLIB

def lambda_handler(event:, context:)
  { message: Greeting.greet(event['name'] || 'world') }
end
