require 'time'

# Runs once per execution environment, during Init.
STARTED_AT = Time.now.utc.iso8601
$invocations = 0

def lambda_handler(event:, context:)
  $invocations += 1 # still counting on a warm start
  { startedAt: STARTED_AT, invocations: $invocations }
end
