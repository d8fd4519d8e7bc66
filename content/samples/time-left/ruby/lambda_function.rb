def process_item(item) # your real work
  item
end

def lambda_handler(event:, context:)
  processed = 0
  (event['items'] || []).each do |item|
    # Keep a margin to answer before the timeout ends the invocation.
    break if context.get_remaining_time_in_millis < 500

    process_item(item)
    processed += 1
  end
  puts "#{context.function_name} processed #{processed} items"
  { processed: processed, requestId: context.aws_request_id }
end
