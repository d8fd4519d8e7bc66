require 'json'
require 'net/http'
require 'uri'

BACKEND = URI(ENV.fetch('BACKEND_URL'))

def call(http, request, token = nil)
  request['Authorization'] = "Bearer #{token}" if token
  response = http.request(request)
  raise "#{request.method} #{request.path}: #{response.code} #{response.body}" unless response.code == '200'

  JSON.parse(response.body)
end

def lambda_handler(event:, context:)
  # A new session and a new connection on every invocation.
  Net::HTTP.start(BACKEND.host, BACKEND.port) do |http|
    token = call(http, Net::HTTP::Post.new('/connect'))['token']
    price = call(http, Net::HTTP::Get.new("/prices/#{URI.encode_www_form_component(event['sku'])}"), token)
    { sku: event['sku'], priceCents: price['priceCents'] }
  end
end
