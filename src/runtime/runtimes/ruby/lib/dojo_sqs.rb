# frozen_string_literal: true

# DojoSQS: SQS GetQueueUrl and SendMessage for the queues a lab or a template starts locally.
#
# The calls a Lambda function makes with the AWS SDK (Aws::SQS::Client#get_queue_url and
# #send_message), written with the standard library against the queue service at
# AWS_ENDPOINT_URL_SQS, in SQS's JSON protocol. Like the SDK inside Lambda, every call carries the
# invocation's trace header (_X_AMZN_TRACE_ID) as X-Amzn-Trace-Id, which is how Lambda's recursive
# loop detection follows a chain through a queue (aws-sdk-core's RecursionDetection plugin; DG
# invocation-recursion.html).
#
#   require 'dojo_sqs'
#   url = DojoSQS.get_queue_url(queue_name: ENV.fetch('QUEUE_NAME'))
#   DojoSQS.send_message(queue_url: url, message_body: JSON.generate(order)) # => message id

require 'json'
require 'net/http'

module DojoSQS
  # SQS answered with an error; the message starts with its type (QueueDoesNotExist, ...).
  class Error < StandardError
    attr_reader :error_type

    def initialize(error_type, message)
      @error_type = error_type
      super("#{error_type}: #{message}")
    end
  end

  def self.get_queue_url(queue_name:)
    raise ArgumentError, "DojoSQS.get_queue_url needs queue_name: (a String), e.g. ENV.fetch('QUEUE_NAME')." unless queue_name.is_a?(String) && !queue_name.empty?

    call('GetQueueUrl', QueueName: queue_name).fetch('QueueUrl')
  end

  def self.send_message(queue_url:, message_body:, delay_seconds: nil)
    raise ArgumentError, 'DojoSQS.send_message needs queue_url: (a String), from DojoSQS.get_queue_url.' unless queue_url.is_a?(String) && !queue_url.empty?
    raise ArgumentError, 'DojoSQS.send_message needs message_body: as a String, e.g. JSON.generate(order).' unless message_body.is_a?(String)

    body = { QueueUrl: queue_url, MessageBody: message_body }
    body[:DelaySeconds] = delay_seconds unless delay_seconds.nil?
    call('SendMessage', body).fetch('MessageId')
  end

  def self.call(operation, body)
    endpoint = (ENV['AWS_ENDPOINT_URL_SQS'] || ENV['AWS_ENDPOINT_URL']).to_s
    raise Error.new('SQSError', 'AWS_ENDPOINT_URL_SQS is not set: DojoSQS works inside the Lambda Dojo runtime, beside a lab\'s or a template\'s queues.') if endpoint.empty?

    uri = URI("#{endpoint.chomp('/')}/")
    headers = { 'Content-Type' => 'application/x-amz-json-1.0', 'X-Amz-Target' => "AmazonSQS.#{operation}" }
    trace = ENV['_X_AMZN_TRACE_ID'].to_s
    headers['X-Amzn-Trace-Id'] = trace unless trace.empty? || ENV['AWS_LAMBDA_FUNCTION_NAME'].to_s.empty?
    response = Net::HTTP.start(uri.host, uri.port, open_timeout: 10, read_timeout: 10) do |http|
      http.post(uri.path, JSON.generate(body), headers)
    end
    answer = response.body.to_s.empty? ? {} : JSON.parse(response.body)
    unless response.code == '200'
      type = answer['__type'].to_s.split('#').last || 'SQSError'
      raise Error.new(type, answer['message'] || answer['Message'] || "SQS answered #{response.code}")
    end
    answer
  end

  private_class_method :call
end
