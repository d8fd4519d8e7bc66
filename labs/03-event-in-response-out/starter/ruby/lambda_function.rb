# Lab 3: event in, response out.
# API Gateway (REST API, Lambda proxy integration) sends each HTTP request as the event:
# event["httpMethod"], event["path"], event["headers"], and event["body"], the request body
# as a String (or nil). It turns what the handler returns into the HTTP response.
require 'json'

def lambda_handler(event:, context:)
  # Your code here: read the order from event["body"], answer 201 with the accepted order,
  # 400 when the body is not a valid order, and raise an OutOfStockError for unicorns.
  {
    statusCode: 501,
    headers: { 'Content-Type' => 'application/json' },
    body: JSON.generate(error: 'This function does not take orders yet')
  }
end
