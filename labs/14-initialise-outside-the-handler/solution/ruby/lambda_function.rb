require 'json'
require 'net/http'
require 'uri'

BACKEND = URI(ENV.fetch('BACKEND_URL'))

# Made and started once per execution environment, at init: every warm invocation reuses this
# session and its TCP connection. Net::HTTP drops an idle connection after keep_alive_timeout
# (2 seconds by default), so it is raised to outlast the pauses between invocations.
HTTP = Net::HTTP.new(BACKEND.host, BACKEND.port)
HTTP.keep_alive_timeout = 60
HTTP.start

def call(request, token = nil)
  request['Authorization'] = "Bearer #{token}" if token
  response = HTTP.request(request)
  raise "#{request.method} #{request.path}: #{response.code} #{response.body}" unless response.code == '200'

  JSON.parse(response.body)
end

TOKEN = call(Net::HTTP::Post.new('/connect'))['token']

def lambda_handler(event:, context:)
  price = call(Net::HTTP::Get.new("/prices/#{URI.encode_www_form_component(event['sku'])}"), TOKEN)
  { sku: event['sku'], priceCents: price['priceCents'] }
end
