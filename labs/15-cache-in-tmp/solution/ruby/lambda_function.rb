require 'json'
require 'net/http'
require 'tmpdir'
require 'uri'

ASSET_URL = ENV.fetch('ASSET_URL')

# /tmp belongs to the execution environment and outlives each invocation: the first invocation
# of an environment downloads the asset, every later one reads it from here.
CACHED_FILE = File.join(Dir.tmpdir, File.basename(URI(ASSET_URL).path))

def rates
  unless File.exist?(CACHED_FILE)
    response = Net::HTTP.get_response(URI(ASSET_URL))
    raise "GET #{ASSET_URL}: #{response.code}" unless response.code == '200'

    # Written under another name first, so a half-written file is never taken for the asset.
    File.binwrite("#{CACHED_FILE}.partial", response.body)
    File.rename("#{CACHED_FILE}.partial", CACHED_FILE)
  end
  JSON.parse(File.read(CACHED_FILE))
end

def lambda_handler(event:, context:)
  asset = rates
  country = event['country']
  { country: country, ratePercent: asset['rates'][country], assetVersion: asset['version'], cachedFile: CACHED_FILE }
end
