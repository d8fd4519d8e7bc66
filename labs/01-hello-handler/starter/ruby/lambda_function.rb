# Lab 1: hello handler.
# Code up here, outside the handler, runs once per execution environment: during init,
# the cold start.

# Lambda calls the handler once per invocation, with two keyword arguments. `event` is the
# JSON the function was invoked with, as a Hash, for example {"name" => "Ada"}.
def lambda_handler(event:, context:)
  # Your code here: greet event["name"] ("world" when there is none), log a line that
  # mentions the name with puts, and return "coldStart" => true or false.
  { message: 'Hello, world!' }
end
