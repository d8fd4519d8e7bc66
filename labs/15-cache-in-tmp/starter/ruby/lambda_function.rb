require 'json'
require 'net/http'
require 'uri'

ASSET_URL = ENV.fetch('ASSET_URL')

def lambda_handler(event:, context:)
  # Downloaded again on every invocation.
  response = Net::HTTP.get_response(URI(ASSET_URL))
  raise "GET #{ASSET_URL}: #{response.code}" unless response.code == '200'

  asset = JSON.parse(response.body)
  country = event['country']
  { country: country, ratePercent: asset['rates'][country], assetVersion: asset['version'] }
end
