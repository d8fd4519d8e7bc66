# Handler string: lambda_function.lambda_handler (file, then method).
class InvalidName < StandardError; end

def lambda_handler(event:, context:)
  name = event['name']
  raise InvalidName, 'event.name must be a non-empty string' unless name.is_a?(String) && !name.empty?

  { greeting: "Hello, #{name}!" }
end
