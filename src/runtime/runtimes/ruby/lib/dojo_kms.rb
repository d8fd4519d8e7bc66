# frozen_string_literal: true

# DojoKms.decrypt: KMS Decrypt for environment variables encrypted with `npm run encrypt`.
#
# The call a Lambda function makes with the AWS SDK (Aws::KMS::Client#decrypt), written with
# the standard library against the local key service at AWS_ENDPOINT_URL_KMS. Call it during
# init and keep the result: one KMS call per execution environment, not one per invocation.
#
#   require 'dojo_kms'
#   API_KEY = DojoKms.decrypt(ENV.fetch('API_KEY'))

require 'json'
require 'net/http'

module DojoKms
  # KMS answered with an error; the message starts with its type (InvalidCiphertextException, ...).
  class Error < StandardError
    attr_reader :error_type

    def initialize(error_type, message)
      @error_type = error_type
      super("#{error_type}: #{message}")
    end
  end

  def self.decrypt(ciphertext_base64, encryption_context = {})
    endpoint = ENV['AWS_ENDPOINT_URL_KMS'].to_s
    raise Error.new('KMSError', 'AWS_ENDPOINT_URL_KMS is not set: decrypt works inside the Lambda Dojo runtime.') if endpoint.empty?
    unless ciphertext_base64.is_a?(String) && !ciphertext_base64.empty?
      raise ArgumentError, "DojoKms.decrypt needs the encrypted value (base64 text), e.g. DojoKms.decrypt(ENV.fetch('API_KEY'))."
    end

    uri = URI("#{endpoint}/")
    body = JSON.generate(CiphertextBlob: ciphertext_base64, EncryptionContext: encryption_context)
    headers = { 'Content-Type' => 'application/x-amz-json-1.1', 'X-Amz-Target' => 'TrentService.Decrypt' }
    response = Net::HTTP.start(uri.host, uri.port, open_timeout: 10, read_timeout: 10) do |http|
      http.post(uri.path, body, headers)
    end
    answer = response.body.to_s.empty? ? {} : JSON.parse(response.body)
    unless response.code == '200'
      raise Error.new(answer['__type'] || 'KMSError', answer['message'] || "KMS answered #{response.code}")
    end

    # unpack1('m'): base64 without the base64 library, which Ruby 3.4 no longer ships by default.
    answer.fetch('Plaintext').unpack1('m').force_encoding(Encoding::UTF_8)
  end
end
