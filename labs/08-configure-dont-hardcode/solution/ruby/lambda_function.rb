require 'digest'
require 'dojo_kms'

# Settings come from the configuration, read once per execution environment: a changed
# configuration starts new environments.
TABLE_NAME = ENV.fetch('TABLE_NAME')
STAGE = ENV.fetch('STAGE')
DISCOUNTS_ENABLED = ENV['DISCOUNTS_ENABLED'] == 'true'

# Decrypted at init, once per environment; the plain key stays in memory only.
API_KEY = DojoKms.decrypt(ENV.fetch('API_KEY'))
API_KEY_FINGERPRINT = Digest::SHA256.hexdigest(API_KEY)[0, 12]

puts "Starting: table=#{TABLE_NAME} stage=#{STAGE} discounts=#{DISCOUNTS_ENABLED} apiKey fingerprint=#{API_KEY_FINGERPRINT}"

def lambda_handler(event:, context:)
  { table: TABLE_NAME, stage: STAGE, discounts: DISCOUNTS_ENABLED, apiKeyFingerprint: API_KEY_FINGERPRINT }
end
