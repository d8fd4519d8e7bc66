require 'json'

def lambda_handler(event:, context:)
  request_id = context.aws_request_id
  remaining_ms = context.get_remaining_time_in_millis
  # Ruby's context also has the deadline itself: context.deadline_ms.
  deadline_ms = (Time.now.to_f * 1000).to_i + remaining_ms
  # One JSON object per line, so a log query can filter on requestId.
  puts JSON.generate(requestId: request_id, message: 'Handling a request', remainingMs: remaining_ms)
  { requestId: request_id, functionName: context.function_name, remainingMs: remaining_ms, deadlineMs: deadline_ms }
end
