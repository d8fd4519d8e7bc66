# Lab 18: a payments consumer fed by a Kinesis stream through an event source mapping.
# Each record's data is a payment: {"account": "acct-1", "amountCents": 250}.
require 'base64'
require 'json'

def lambda_handler(event:, context:)
  total_cents = 0
  event['Records'].each do |record|
    total_cents += JSON.parse(Base64.decode64(record['kinesis']['data']))['amountCents']
  rescue StandardError => e
    # "Keep the stream moving": skip what cannot be read.
    puts "skipped record #{record['kinesis']['sequenceNumber']}: #{e.message}"
  end
  { records: event['Records'].length, totalCents: total_cents }
end
