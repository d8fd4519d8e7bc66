require 'json'

def lambda_handler(event:, context:)
  puts JSON.generate(level: 'info', requestId: context.aws_request_id, message: 'order received')
  { ok: true }
end
