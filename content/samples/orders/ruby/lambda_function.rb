def lambda_handler(event:, context:)
  drink = event.fetch('drink', 'coffee') # a field the event may not have
  puts "Order for #{drink}"
  { order: "One #{drink}, coming up" }
end
