# Read once per execution environment, during Init.
TABLE_NAME = ENV.fetch('TABLE_NAME') { raise 'Missing environment variable TABLE_NAME' }
GREETING = ENV.fetch('GREETING', 'Hello') # optional, with a default

def lambda_handler(event:, context:)
  { table: TABLE_NAME, message: "#{GREETING}, #{event['name'] || 'world'}!" }
end
