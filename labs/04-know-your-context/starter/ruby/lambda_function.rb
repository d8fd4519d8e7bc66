# Lab 4: know your context.
# Lambda passes a context object as the handler's context: keyword argument: facts about
# this invocation and this function that the event does not carry.

def lambda_handler(event:, context:)
  # Your code here: fill these in from the context object, and log the request id in a
  # JSON line, for example {"requestId": "...", "message": "Handling a request"}.
  request_id = nil
  function_name = nil
  remaining_ms = nil # milliseconds left before the timeout
  deadline_ms = nil # the moment of the timeout, in milliseconds since 1970
  puts 'Handling a request'
  { requestId: request_id, functionName: function_name, remainingMs: remaining_ms, deadlineMs: deadline_ms }
end
