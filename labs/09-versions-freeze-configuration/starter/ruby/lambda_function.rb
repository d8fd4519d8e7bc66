# Lab 9: versions freeze configuration.
# The same code runs as $LATEST, as each published version, and behind each alias. Lambda
# tells the function which of these it is: the context carries the version that is running
# and the ARN the caller used.

# Configuration comes from the environment, read once when the execution environment starts.
GREETING = ENV['GREETING']

# The release this code belongs to, kept by hand.
VERSION = '$LATEST'

def lambda_handler(event:, context:)
  # Your code here: report the version that is running and the alias this call came
  # through (nil when there is none), from what Lambda gives the function.
  { version: VERSION, alias: nil, greeting: GREETING }
end
