# frozen_string_literal: true

# DojoDynamoDB.get_item: DynamoDB GetItem for the tables a lab or a template starts locally.
#
# The call a Lambda function makes with the AWS SDK (Aws::DynamoDB::Client#get_item), written
# with the standard library against the table service at AWS_ENDPOINT_URL_DYNAMODB. Keys and the
# item are plain Ruby values, as the SDK's simple attributes give them; nil when there is no item.
#
#   require 'dojo_dynamodb'
#   item = DojoDynamoDB.get_item(table_name: ENV.fetch('TABLE_NAME'), key: { 'token' => token })
#   item && item['userId']

require 'json'
require 'net/http'

module DojoDynamoDB
  # DynamoDB answered with an error; the message starts with its type (ResourceNotFoundException, ...).
  class Error < StandardError
    attr_reader :error_type

    def initialize(error_type, message)
      @error_type = error_type
      super("#{error_type}: #{message}")
    end
  end

  def self.get_item(table_name:, key:, consistent_read: false)
    raise ArgumentError, 'DojoDynamoDB.get_item needs table_name: (a String), e.g. ENV.fetch(\'TABLE_NAME\').' unless table_name.is_a?(String) && !table_name.empty?
    raise ArgumentError, "DojoDynamoDB.get_item needs key: as a Hash of attribute names to values, e.g. { 'token' => token }." unless key.is_a?(Hash) && !key.empty?

    answer = call('GetItem', TableName: table_name, Key: key.transform_keys(&:to_s).transform_values { |v| to_attribute(v) }, ConsistentRead: consistent_read)
    item = answer['Item']
    item && item.transform_values { |v| from_attribute(v) }
  end

  def self.call(operation, body)
    endpoint = (ENV['AWS_ENDPOINT_URL_DYNAMODB'] || ENV['AWS_ENDPOINT_URL']).to_s
    raise Error.new('DynamoDBError', 'AWS_ENDPOINT_URL_DYNAMODB is not set: DojoDynamoDB works inside the Lambda Dojo runtime, beside a lab\'s or a template\'s tables.') if endpoint.empty?

    uri = URI("#{endpoint.chomp('/')}/")
    headers = { 'Content-Type' => 'application/x-amz-json-1.0', 'X-Amz-Target' => "DynamoDB_20120810.#{operation}" }
    response = Net::HTTP.start(uri.host, uri.port, open_timeout: 10, read_timeout: 10) do |http|
      http.post(uri.path, JSON.generate(body), headers)
    end
    answer = response.body.to_s.empty? ? {} : JSON.parse(response.body)
    unless response.code == '200'
      type = answer['__type'].to_s.split('#').last || 'DynamoDBError'
      raise Error.new(type, answer['message'] || answer['Message'] || "DynamoDB answered #{response.code}")
    end
    answer
  end

  def self.to_attribute(value)
    case value
    when String then { S: value }
    when Integer, Float then { N: value.to_s }
    when true, false then { BOOL: value }
    when nil then { NULL: true }
    when Array then { L: value.map { |v| to_attribute(v) } }
    when Hash then { M: value.transform_keys(&:to_s).transform_values { |v| to_attribute(v) } }
    else raise ArgumentError, "DojoDynamoDB cannot store #{value.class} (#{value.inspect}): use a String, Integer, Float, true/false, nil, Array or Hash."
    end
  end

  # Numbers come back as Integer or Float (the SDK gives BigDecimal).
  def self.from_attribute(attribute)
    type, value = attribute.first
    case type
    when 'S', 'B' then value
    when 'N' then value.include?('.') || value.match?(/e/i) ? value.to_f : value.to_i
    when 'BOOL' then value
    when 'NULL' then nil
    when 'L' then value.map { |v| from_attribute(v) }
    when 'M' then value.transform_values { |v| from_attribute(v) }
    when 'SS', 'BS' then value
    when 'NS' then value.map { |n| n.include?('.') ? n.to_f : n.to_i }
    else value
    end
  end

  private_class_method :call, :to_attribute, :from_attribute
end
