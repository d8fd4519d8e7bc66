# frozen_string_literal: true

# Lambda Dojo: bootstrap of the Ruby runtimes (ruby3.2 to ruby4.0).
#
# A Lambda Runtime API client on Ruby's standard library that loads the function named by
# _HANDLER and serves invocations the way AWS's Ruby runtime interface client (aws_lambda_ric)
# does: the same handler forms (file.method, file.Module::Class.method), keyword arguments
# event: and context:, context object, JSON rules, error payloads ("Function<TypeError>",
# "Init<LoadError>"), log lines and exit codes. The contract with the emulator is in
# ../README.md. Start it, in the working directory LAMBDA_TASK_ROOT, as
#
#     ruby --disable-gems -E UTF-8 <this folder>/bootstrap.rb
#
# --disable-gems: RubyGems costs ~40 ms of start-up and the standard library does not need
# it; it is loaded the first time a require cannot be met without it (see the Kernel patch
# below), so bundled gems, vendor/bundle and `gem` still work. -E UTF-8: strings read from
# pipes and files are UTF-8 whatever the host's locale, as on Lambda (LANG=en_US.UTF-8).

require 'json'
# The extension alone: socket.rb (Addrinfo helpers, Socket.tcp, ...) costs 2 ms more and the
# client needs only TCPSocket. A function's own require 'socket' still loads socket.rb.
require 'socket.so'

# Lambda's runtime writes every line as it is printed; a frozen or killed process loses nothing.
$stdout.sync = true

# Internals of the bootstrap. The names a function can see on Lambda (LambdaContext,
# LambdaHandler, AwsLambda::Marshaller, $_global_aws_request_id) are defined at top level.
module LambdaDojoRuntime
  RUNTIME_DIR = "#{File.dirname(File.expand_path(__FILE__))}/"
  API_PREFIX = '/2018-06-01/runtime/'

  # Error classes the runtime names as they are ("Function<NameError>" in the error-type
  # header); any other class goes out in that header as Function<UserException>.
  PLAIN_ERROR_CLASSES = %w[ArgumentError NoMethodError Exception StandardError NameError LoadError SystemExit
                           SystemStackError].freeze

  class << self
    attr_accessor :gems_deferred, :logger_patched
  end

  # ---------------------------------------------------------------- Runtime API client

  class StaleConnection < StandardError; end

  # HTTP/1.1 to the Runtime API over one kept-alive TCP connection.
  class RuntimeApi
    def initialize(address)
      host, _, port = address.rpartition(':')
      host = host[1..-2] if host.start_with?('[')
      @host = host.empty? ? '127.0.0.1' : host
      @port = Integer(port)
      @host_header = address
      @sock = nil
    end

    def close
      @sock&.close
    rescue IOError, SystemCallError
      nil
    ensure
      @sock = nil
    end

    # Returns [status, headers (lower-case names), body (binary String)].
    def request(method, path, body = nil, headers = '')
      LambdaDojoRuntime.flush_output
      head = +"#{method} #{path} HTTP/1.1\r\nHost: #{@host_header}\r\n#{headers}"
      head << "Content-Length: #{body.bytesize}\r\n" if body
      head << "\r\n"
      2.times do |attempt|
        fresh = @sock.nil?
        connect if fresh
        begin
          begin
            if body.nil?
              @sock.write(head)
            elsif body.bytesize < 65_536
              @sock.write(head.b << body.b)
            else # spare a copy of a large payload
              @sock.write(head)
              @sock.write(body)
            end
          rescue IOError, SystemCallError
            raise StaleConnection, 'Runtime API connection lost while sending'
          end
          return read_response
        rescue StaleConnection
          # A kept-alive connection the server had closed: one retry on a new one.
          close
          raise if fresh || attempt == 1
        end
      end
    end

    def post(path, body, content_type: 'application/json', error_type: nil)
      headers = +"Content-Type: #{content_type}\r\n"
      headers << "Lambda-Runtime-Function-Error-Type: #{one_line(error_type)}\r\n" if error_type
      request('POST', API_PREFIX + path, body, headers)
    end

    private

    def connect
      sock = TCPSocket.new(@host, @port)
      sock.setsockopt(Socket::IPPROTO_TCP, Socket::TCP_NODELAY, 1)
      sock.binmode
      sock.sync = true
      @sock = sock
    end

    def one_line(text)
      text.to_s.tr("\r\n", '  ')
    end

    def read_line(allow_eof: false)
      line = begin
        @sock.gets("\r\n")
      rescue Errno::ECONNRESET
        nil
      end
      if line.nil?
        raise StaleConnection, 'Runtime API closed the connection' if allow_eof

        raise IOError, 'Runtime API closed the connection mid-response'
      end
      line.chomp("\r\n")
    end

    def read_exactly(size)
      data = @sock.read(size)
      raise IOError, 'Runtime API closed the connection mid-response' if data.nil? || data.bytesize < size

      data
    end

    def read_response
      status_line = read_line(allow_eof: true)
      status = status_line.split(' ', 3)[1].to_i
      headers = {}
      while (line = read_line) != ''
        name, value = line.split(':', 2)
        headers[name.strip.downcase] = value.to_s.strip
      end
      body =
        if status < 200 || status == 204 || status == 304
          +''
        elsif headers['transfer-encoding'].to_s.downcase == 'chunked'
          read_chunked
        elsif headers.key?('content-length')
          read_exactly(headers['content-length'].to_i)
        else # no length given: the body runs to the end of the connection
          headers['connection'] = 'close'
          @sock.read || +''
        end
      close if headers['connection'].to_s.downcase == 'close'
      [status, headers, body]
    end

    def read_chunked
      body = String.new(encoding: Encoding::BINARY)
      loop do
        size = read_line.split(';', 2)[0].to_i(16)
        if size.zero?
          nil until read_line == '' # trailers, up to the empty line
          return body
        end
        body << read_exactly(size)
        read_line
      end
    end
  end

  def self.flush_output
    # Whatever the function printed must be in the pipe before the service hears from us:
    # it freezes the process on /next and may end it as soon as it has the result.
    $stdout.flush
    $stderr.flush
  rescue StandardError
    nil
  end

  # ---------------------------------------------------------------- log output

  # On Lambda each log record goes to the platform as one event. Here the emulator reads
  # stdout line by line, so a record is one line: its own line breaks go out as CR.
  def self.write_event(text)
    text = text.to_s
    text = text.chomp("\n")
    $stdout.write(text.tr("\n", "\r") << "\n")
  end

  # Where a Logger aimed at $stdout or $stderr writes on Lambda: one event per record.
  class LogSink
    def write(message)
      LambdaDojoRuntime.write_event(message)
    end

    def close; end
  end

  # ---------------------------------------------------------------- errors

  # A failure as the runtime reports it: "<Classification><ExceptionClass>" for errorType,
  # the exception's message, and the function's own part of the backtrace.
  class LambdaError < StandardError
    attr_reader :original

    def initialize(original, classification = 'Function')
      @original = original
      @error_class = original.class.to_s
      @error_type = "#{classification}<#{original.class}>"
      @error_message = original.message
      @stack_trace = LambdaDojoRuntime.function_frames(original.backtrace_locations)
      super(@error_message)
    end

    # The value of the Lambda-Runtime-Function-Error-Type header.
    def runtime_error_type
      PLAIN_ERROR_CLASSES.include?(@error_class) ? @error_type : 'Function<UserException>'
    end

    def to_lambda_response
      { errorMessage: @error_message, errorType: @error_type, stackTrace: @stack_trace }
    end
  end

  # Raised by the function's handler: reported, and the environment serves the next event.
  class HandlerError < LambdaError; end

  # NoMethodError, NameError and anything that is not a StandardError: reported, then the
  # runtime process ends (exit status 255) and the next event gets a fresh environment.
  class CriticalHandlerError < LambdaError; end

  class InitError < LambdaError
    def initialize(original)
      super(original, 'Init')
    end
  end

  # The frames that belong to the function: the first 100, up to the runtime's own code.
  def self.function_frames(locations)
    frames = []
    return frames unless locations

    locations.first(100).each do |location|
      path = location.path.to_s
      if path.start_with?(RUNTIME_DIR)
        # The require/gem fallback below sits between the function and Ruby's loader.
        next if %w[require gem].include?(location.base_label)

        break
      end
      frames << location
    end
    frames
  end

  def self.log_error(error, heading)
    write_event(heading)
    write_event(JSON.pretty_generate(error.to_lambda_response))
  end

  # ---------------------------------------------------------------- the invoke loop

  # What the runtime reads an event from: header lookup by name, and the body.
  class RawRequest
    attr_reader :body

    def initialize(headers, body)
      @headers = headers
      @body = body
    end

    def [](name)
      @headers[name.to_s.downcase]
    end

    def to_hash
      @headers.dup
    end
  end

  class Runner
    def initialize(api, handler_string)
      @api = api
      @handler_string = handler_string
      @exit_code = 0
    end

    def run
      app_root = Dir.pwd
      $LOAD_PATH.unshift(app_root) unless $LOAD_PATH.include?(app_root)
      begin
        @handler = LambdaHandler.new(env_handler: @handler_string)
        require @handler.handler_file_name
      rescue Exception => e # rubocop:disable Lint/RescueException -- a load error or any exception at init
        init_failed(e)
        exit(@exit_code)
      end
      loop_invocations
      exit(@exit_code)
    end

    private

    def init_failed(exception)
      error = InitError.new(exception)
      LambdaDojoRuntime.log_error(error, "Init error while loading handler #{@handler_string}")
      @api.post('init/error', JSON.generate(error.to_lambda_response), error_type: error.runtime_error_type)
      @exit_code = -4
    end

    def loop_invocations
      next_path = "#{API_PREFIX}invocation/next"
      loop do
        status, headers, body = @api.request('GET', next_path)
        request_id = headers['lambda-runtime-aws-request-id']
        unless status == 200 && request_id
          raise IOError, "Runtime API answered #{status} to GET /next: #{body.force_encoding('UTF-8').scrub}"
        end

        $_global_aws_request_id = request_id
        trace_id = headers['lambda-runtime-trace-id']
        ENV['_X_AMZN_TRACE_ID'] = trace_id if trace_id
        break unless invoke(request_id, RawRequest.new(headers, body.force_encoding(Encoding::UTF_8)))
      end
    end

    # Runs one invocation; false when the runtime must stop afterwards.
    def invoke(request_id, raw_request)
      path = "invocation/#{request_id}"
      begin
        event = AwsLambda::Marshaller.marshall_request(raw_request)
        context = LambdaContext.new(raw_request)
        response, content_type = @handler.call_handler(request: event, context: context)
      rescue HandlerError => e
        return report(path, e, 'Error raised from handler method')
      rescue CriticalHandlerError => e
        report(path, e, 'Critical exception from handler')
        @exit_code = -1
        return false
      rescue StandardError => e # the event or its context headers could not be read
        return report(path, HandlerError.new(e), 'Error raised from handler method')
      end
      if content_type == 'application/unknown'
        body = response.read.to_s
      else
        body = response.to_s
        content_type = 'application/json'
      end
      @api.post("#{path}/response", body, content_type: content_type)
      true
    end

    def report(path, error, heading)
      LambdaDojoRuntime.log_error(error, heading)
      @api.post("#{path}/error", JSON.generate(error.to_lambda_response), error_type: error.runtime_error_type)
      true
    end
  end

  def self.main
    address = ENV['AWS_LAMBDA_RUNTIME_API']
    if address.nil?
      puts 'AWS_LAMBDA_RUNTIME_API is not set: this program runs inside a Lambda execution environment.'
      exit(-2)
    end
    handler = ENV['_HANDLER']
    if handler.nil?
      puts 'No handler given in _HANDLER: nothing to run.'
      exit
    end
    Runner.new(RuntimeApi.new(address), handler).run
  end

  # ---------------------------------------------------------------- Logger, as on Lambda

  # Log line layout of the runtime's Logger formatter: severity letter, time and pid, level,
  # request id, program name, message.
  class LogFormatter
    LINE = '%<letter>s, [%<time>s #%<pid>d] %<level>5s %<request_id>s -- %<progname>s: %<message>s'

    def self.build
      Class.new(::Logger::Formatter) do
        def call(severity, time, progname, msg)
          format(LINE, letter: severity[0], time: format_datetime(time), pid: Process.pid, level: severity,
                       request_id: $_global_aws_request_id, progname: progname, message: msg2str(msg)).encode('UTF-8')
        end
      end
    end
  end

  # A Logger created for $stdout or $stderr (or nil) writes one event per record, with the
  # request id, as Lambda's Ruby runtime arranges.
  module LoggerPatch
    def initialize(logdev, *args, **options)
      if logdev.nil? || logdev.equal?($stdout) || logdev.equal?($stderr) || logdev.equal?(STDOUT) || logdev.equal?(STDERR)
        logdev = LogSink.new
        options[:formatter] ||= LambdaDojoRuntime.log_formatter.new
      end
      super(logdev, *args, **options)
    end
  end

  def self.log_formatter
    @log_formatter ||= LogFormatter.build
  end

  def self.patch_logger
    return if logger_patched || !Object.const_defined?(:Logger, false) || Object.autoload?(:Logger)

    self.logger_patched = true
    ::Logger.prepend(LoggerPatch)
  end
end

# The runtime has Logger loaded for the function; here it loads on first use.
Object.autoload(:Logger, 'logger') unless Object.const_defined?(:Logger, false)

# Started without RubyGems (--disable-gems): load it when a require, or `gem`, needs it. Also
# notices Logger being loaded, to give it Lambda's log format.
LambdaDojoRuntime.gems_deferred = !defined?(::Gem)
module Kernel
  alias_method :lambda_dojo_plain_require, :require
  private :lambda_dojo_plain_require

  def require(path)
    loaded = lambda_dojo_plain_require(path)
    LambdaDojoRuntime.patch_logger if path == 'logger'
    loaded
  rescue LoadError
    raise unless LambdaDojoRuntime.gems_deferred

    LambdaDojoRuntime.gems_deferred = false
    lambda_dojo_plain_require('rubygems')
    require(path)
  end
  private :require

  if LambdaDojoRuntime.gems_deferred
    def gem(*args, **options)
      LambdaDojoRuntime.gems_deferred = false
      lambda_dojo_plain_require('rubygems')
      gem(*args, **options)
    end
    private :gem
  end
end

# ---------------------------------------------------------------- names a function sees

# The handler named by _HANDLER: FILE.METHOD (a top-level method in FILE.rb) or
# FILE.CLASS.METHOD (a class-level method of a class or module, "Module::Class" allowed).
class LambdaHandler
  attr_reader :handler_file_name, :handler_method_name

  def initialize(env_handler:)
    parts = env_handler.split('.')
    case parts.size
    when 2 then @handler_file_name, @handler_method_name = parts
    when 3 then @handler_file_name, @handler_class, @handler_method_name = parts
    else
      raise ArgumentError, "Invalid handler #{parts}: write it as FILENAME.METHOD or FILENAME.CLASS.METHOD, " \
                           'where FILENAME.rb is a Ruby file in the function code, CLASS an optional ' \
                           'class or module (Module::Class works) and METHOD a method that takes the ' \
                           'keyword arguments event: and context: (a class method when CLASS is given).'
    end
  end

  def call_handler(request:, context:)
    response =
      if @handler_class
        Kernel.const_get(@handler_class).send(@handler_method_name, event: request, context: context)
      else
        __send__(@handler_method_name, event: request, context: context)
      end
    # Turning the result into JSON counts as the function's own code.
    AwsLambda::Marshaller.marshall_response(response)
  rescue NoMethodError, NameError => e
    raise LambdaDojoRuntime::CriticalHandlerError.new(e)
  rescue StandardError => e
    raise LambdaDojoRuntime::HandlerError.new(e)
  rescue Exception => e # rubocop:disable Lint/RescueException -- exit, stack overflow, signals
    raise LambdaDojoRuntime::CriticalHandlerError.new(e)
  end
end

# How events become Ruby objects and results become response bodies. A function may redefine
# these two methods, as on Lambda.
module AwsLambda
  class Marshaller
    class << self
      # A JSON event becomes a Hash (or whatever the JSON holds); any other content type
      # arrives as the raw String.
      def marshall_request(raw_request)
        if raw_request['Content-Type'] == 'application/json'
          JSON.parse(raw_request.body)
        else
          raw_request.body
        end
      end

      # The result as JSON text, or [io, 'application/unknown'] for a StringIO or IO, whose
      # bytes go out as they are.
      def marshall_response(method_response)
        if (defined?(::StringIO) && method_response.is_a?(::StringIO)) || method_response.is_a?(IO)
          [method_response, 'application/unknown']
        else
          method_response.to_json
        end
      end
    end
  end
end

# The context object: what the handler gets as context:.
class LambdaContext
  attr_reader :aws_request_id, :invoked_function_arn, :log_group_name, :log_stream_name, :function_name,
              :memory_limit_in_mb, :function_version, :identity, :tenant_id, :client_context, :deadline_ms

  def initialize(request)
    @deadline_ms = request['Lambda-Runtime-Deadline-Ms'].to_i
    @aws_request_id = request['Lambda-Runtime-Aws-Request-Id']
    @invoked_function_arn = request['Lambda-Runtime-Invoked-Function-Arn']
    @log_group_name = ENV['AWS_LAMBDA_LOG_GROUP_NAME']
    @log_stream_name = ENV['AWS_LAMBDA_LOG_STREAM_NAME']
    @function_name = ENV['AWS_LAMBDA_FUNCTION_NAME']
    @memory_limit_in_mb = ENV['AWS_LAMBDA_FUNCTION_MEMORY_SIZE'] # a String, as on Lambda
    @function_version = ENV['AWS_LAMBDA_FUNCTION_VERSION']
    identity = request['Lambda-Runtime-Cognito-Identity'].to_s
    @identity = JSON.parse(identity) unless identity.empty?
    tenant_id = request['Lambda-Runtime-Aws-Tenant-Id'].to_s
    @tenant_id = tenant_id unless tenant_id.empty?
    client_context = request['Lambda-Runtime-Client-Context'].to_s
    @client_context = JSON.parse(client_context) unless client_context.empty?
  end

  # Milliseconds left before the invocation times out (0 once it has passed).
  def get_remaining_time_in_millis # rubocop:disable Naming/AccessorMethodName -- Lambda's name
    remaining = @deadline_ms - Process.clock_gettime(Process::CLOCK_REALTIME, :millisecond)
    remaining.positive? ? remaining : 0
  end
end

LambdaDojoRuntime.main if $PROGRAM_NAME == __FILE__
