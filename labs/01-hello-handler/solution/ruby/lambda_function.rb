# Runs once per execution environment, during init: true only until the first invocation.
# A global, because Lambda calls the handler on an object of its own, not on this file's self.
$cold_start = true

def lambda_handler(event:, context:)
  name = event.fetch('name', 'world')
  was_cold = $cold_start
  $cold_start = false
  puts "Greeting #{name} (cold start: #{was_cold})"
  { message: "Hello, #{name}!", coldStart: was_cold }
end
