# Lab 18: a payments consumer fed by a Kinesis stream through an event source mapping.
# Each record's data is a payment: {"account": "acct-1", "amountCents": 250}.
require 'base64'
require 'json'

# A record that cannot be read fails the invocation: the mapping then bisects the batch down to
# that record and, its retries spent, describes it to the on-failure destination, while every
# other record of the shard goes through (DG services-kinesis-parameters.html).
def lambda_handler(event:, context:)
  total_cents = 0
  event['Records'].each do |record|
    total_cents += JSON.parse(Base64.decode64(record['kinesis']['data']))['amountCents']
  end
  { records: event['Records'].length, totalCents: total_cents }
end
