require 'dojo_kms'

# Top-level code runs during Init: once per execution environment.
API_KEY = DojoKms.decrypt(ENV.fetch('API_KEY'))

def lambda_handler(event:, context:)
  { keyLength: API_KEY.length }
end
