// Lambda Dojo: bootstrap of the dotnet8 runtime, run on Mono.
//
// A Lambda Runtime API client that behaves like AWS's Amazon.Lambda.RuntimeSupport: the same
// handler string (Assembly::Namespace.Type::Method), handler lookup and validation messages
// (LambdaValidationException), serializer from [LambdaSerializer], error payloads
// ({errorType, errorMessage, stackTrace, cause}) and log line format
// (time, request id, level, message). Standard library only; see ../README.md for what the
// emulator hands it. Started in LAMBDA_TASK_ROOT as `mono --debug bootstrap.exe`.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;
using Amazon.Lambda.Core;
using Amazon.Lambda.Dojo;

namespace Amazon.Lambda.RuntimeSupport.ExceptionHandling
{
    /// <summary>What the runtime reports when the handler string or the code does not fit.</summary>
    public sealed class LambdaValidationException : Exception
    {
        public LambdaValidationException(string message) : base(message) { }
    }
}

namespace Amazon.Lambda.RuntimeSupport
{
    using Amazon.Lambda.RuntimeSupport.ExceptionHandling;

    internal static class Program
    {
        private static int Main()
        {
            var output = new LogWriters();
            RuntimeApi api;
            try
            {
                api = new RuntimeApi(Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API") ?? "127.0.0.1:9001");
            }
            catch (Exception e)
            {
                Console.Error.WriteLine(e);
                return 1;
            }

            UserHandler handler;
            try
            {
                var taskRoot = Environment.GetEnvironmentVariable("LAMBDA_TASK_ROOT") ?? Directory.GetCurrentDirectory();
                handler = UserHandler.Load(Environment.GetEnvironmentVariable("_HANDLER"), taskRoot);
            }
            catch (Exception e)
            {
                // As the real runtime: the exception goes to the log, then to /init/error, then the process ends.
                Console.Error.WriteLine(ErrorPayload.Describe(e));
                var error = ErrorPayload.From(e);
                api.Post("/2018-06-01/runtime/init/error", Encoding.UTF8.GetBytes(error.Json), "application/vnd.aws.lambda.error+json", error.Type);
                output.Flush();
                Environment.Exit(1);
                return 1;
            }

            while (true)
            {
                var next = api.Request("GET", "/2018-06-01/runtime/invocation/next", null, null, null);
                string requestId;
                if (next.Status != 200 || !next.Headers.TryGetValue("lambda-runtime-aws-request-id", out requestId) || requestId.Length == 0)
                {
                    throw new InvalidOperationException("Runtime API answered " + next.Status + " to GET /next: " + Encoding.UTF8.GetString(next.Body));
                }
                output.SetRequestId(requestId);
                string trace;
                Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", next.Headers.TryGetValue("lambda-runtime-trace-id", out trace) ? trace : null);

                byte[] result = null;
                ErrorPayload failure = null;
                try
                {
                    var context = new LambdaContext(requestId, next.Headers, output, handler.Serializer);
                    result = handler.Invoke(next.Body, context);
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine(ErrorPayload.Describe(e));
                    failure = ErrorPayload.From(e);
                }

                var path = "/2018-06-01/runtime/invocation/" + requestId;
                output.Flush();
                var answer = failure == null
                    ? api.Request("POST", path + "/response", result, "application/json", null)
                    : api.Request("POST", path + "/error", Encoding.UTF8.GetBytes(failure.Json), "application/vnd.aws.lambda.error+json", failure.Type);
                if (answer.Status < 200 || answer.Status > 299)
                {
                    // The real runtime client throws here too, which ends the process.
                    throw new InvalidOperationException("Runtime API answered " + answer.Status + " to POST " + path + ": " + Encoding.UTF8.GetString(answer.Body));
                }
            }
        }
    }

    // ---------------------------------------------------------------- the user's handler

    internal sealed class UserHandler
    {
        private const BindingFlags Flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        private const string Separator = "::";

        private MethodInfo _method;
        private Type _inputType;
        private Type _dataType;
        private Shape _shape;
        private ResultKind _result;
        private ILambdaSerializer _serializer;
        private Invoker _invoker;

        /// <summary>The serializer the handler's [LambdaSerializer] names, or null: ILambdaContext.Serializer.</summary>
        public ILambdaSerializer Serializer { get { return _serializer; } }

        private static LambdaValidationException Invalid(string format, params object[] args)
        {
            return new LambdaValidationException(string.Format(CultureInfo.InvariantCulture, format, args));
        }

        public static UserHandler Load(string handler, string taskRoot)
        {
            if (string.IsNullOrEmpty(handler))
            {
                throw Invalid("Empty lambda function handler. The valid format is 'ASSEMBLY{0}TYPE{1}METHOD'.", Separator, Separator);
            }
            var parts = handler.Split(new[] { Separator }, 3, StringSplitOptions.None);
            if (parts.Length != 3)
            {
                throw Invalid("Invalid lambda function handler: '{0}'. The valid format is 'ASSEMBLY{1}TYPE{2}METHOD'.", handler, Separator, Separator);
            }
            var assemblyName = parts[0].Trim();
            var typeName = parts[1].Trim();
            var methodName = parts[2].Trim();
            if (assemblyName.Length == 0) throw Invalid("Invalid lambda function handler: '{0}', the assembly is missing. The valid format is 'ASSEMBLY{1}TYPE{2}METHOD'.", handler, Separator, Separator);
            if (typeName.Length == 0) throw Invalid("Invalid lambda function handler: '{0}', the type is missing. The valid format is 'ASSEMBLY{1}TYPE{2}METHOD'.", handler, Separator, Separator);
            if (methodName.Length == 0) throw Invalid("Invalid lambda function handler: '{0}', the method is missing. The valid format is 'ASSEMBLY{1}TYPE{2}METHOD'.", handler, Separator, Separator);

            // Other assemblies the function ships sit next to it in the task root; Amazon.Lambda.Core
            // is always this runtime's own, whatever version the function was built against.
            var core = typeof(ILambdaContext).Assembly;
            AppDomain.CurrentDomain.AssemblyResolve += (sender, args) =>
            {
                var name = new AssemblyName(args.Name).Name;
                if (name == core.GetName().Name) return core;
                var candidate = Path.Combine(taskRoot, name + ".dll");
                return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
            };

            var file = Path.Combine(taskRoot, assemblyName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? assemblyName : assemblyName + ".dll");
            var displayName = (assemblyName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? assemblyName.Substring(0, assemblyName.Length - 4) : assemblyName) + ", Culture=neutral, PublicKeyToken=null";
            if (!File.Exists(file))
            {
                throw Invalid("Could not find the specified handler assembly with the file name '{0}'. The assembly should be located in the root of your uploaded .zip file.", displayName);
            }
            Assembly assembly;
            try
            {
                assembly = Assembly.LoadFrom(file);
            }
            catch (Exception)
            {
                throw Invalid("Unable to load assembly '{0}'.", displayName);
            }

            var type = assembly.GetType(typeName);
            if (type == null) throw Invalid("Unable to load type '{0}' from assembly '{1}'.", typeName, displayName);

            var loaded = new UserHandler();
            loaded._method = FindMethod(type, methodName, typeName, displayName);
            loaded.Validate(type, typeName, assembly);

            object target = null;
            if (loaded._method.IsStatic)
            {
                // Static initialisers run now, during init, as on Lambda.
                RuntimeHelpers.RunClassConstructor(type.TypeHandle);
            }
            else
            {
                target = Activator.CreateInstance(type);
            }
            loaded._invoker = loaded.MakeInvoker(target);
            return loaded;
        }

        private static MethodInfo FindMethod(Type type, string methodName, string typeName, string assemblyName)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                try
                {
                    var byName = t.GetMethod(methodName, Flags | BindingFlags.DeclaredOnly);
                    if (byName != null) return byName;
                }
                catch (AmbiguousMatchException)
                {
                    var candidates = new List<string>();
                    foreach (var m in t.GetMethods(Flags | BindingFlags.DeclaredOnly))
                    {
                        if (m.Name == methodName || m.ToString() == methodName) candidates.Add(m.ToString());
                    }
                    throw Invalid("The method '{0}' in type '{1}' appears to have a number of overloads. To call this method please specify a complete method signature. Possible candidates are:\n{2}.", methodName, t.FullName, string.Join("\n", candidates.ToArray()));
                }
            }
            // The handler may also name a method by its full signature, e.g. "System.String Handle(System.String)".
            for (var t = type; t != null; t = t.BaseType)
            {
                foreach (var m in t.GetMethods(Flags | BindingFlags.DeclaredOnly))
                {
                    if (m.ToString() == methodName) return m;
                }
            }
            throw Invalid("Unable to find method '{0}' in type '{1}' from assembly '{2}': Found no methods matching method name '{3}'.", methodName, typeName, assemblyName, methodName);
        }

        private void Validate(Type type, string typeName, Assembly assembly)
        {
            var method = _method;
            if (type.IsGenericTypeDefinition) throw Invalid("The type '{0}' cannot be used as a Lambda Handler type because it is generic. Handler methods cannot be located in generic types. Please specify a handler method in a non-generic type.", type.FullName);
            if (!method.IsStatic && type.IsAbstract) throw Invalid("The instance method '{0}' cannot be used as a Lambda Handler because its type '{1}' is abstract. Please either use a static handler or specify a type that is not abstract.", method, type.FullName);
            if (method.IsAbstract) throw Invalid("The method '{0}' cannot be used as a Lambda Handler because it is an abstract method. Handler methods cannot be abstract. Please specify a non-abstract handler method.", method);
            if (method.IsGenericMethodDefinition) throw Invalid("The method '{0}' cannot be used as a Lambda Handler because it is a generic method. Handler methods cannot be generic. Please specify a non-generic handler method.", method);
            if (method.ReturnType == typeof(void) && method.GetCustomAttributes(typeof(AsyncStateMachineAttribute), false).Length > 0)
            {
                throw Invalid("The method '{0}' cannot be used as a Lambda Handler because it is an 'async void' method. Handler methods cannot be 'async void'. Please specify a method that is not 'async void'.", method);
            }

            var parameters = method.GetParameters();
            if (parameters.Length > 2) throw Invalid("Method '{0}' of type '{1}' is not supported: the method has more than 2 parameters.", method.Name, typeName);
            if (parameters.Length == 2)
            {
                if (parameters[1].ParameterType != typeof(ILambdaContext))
                {
                    throw Invalid("Method '{0}' of type '{1}' is not supported: the method has 2 parameters, but the second parameter is not of type '{2}'.", method.Name, typeName, typeof(ILambdaContext).FullName);
                }
                _inputType = parameters[0].ParameterType;
                _shape = Shape.InputAndContext;
            }
            else if (parameters.Length == 1)
            {
                if (parameters[0].ParameterType == typeof(ILambdaContext))
                {
                    _shape = Shape.Context;
                }
                else
                {
                    _inputType = parameters[0].ParameterType;
                    _shape = Shape.Input;
                }
            }
            else
            {
                _shape = Shape.Nothing;
            }

            var outputType = method.ReturnType;
            _result = outputType == typeof(void) ? ResultKind.Void : ResultKind.Value;
            if (typeof(Task).IsAssignableFrom(outputType)) _result = ResultKind.Task;
            for (var t = outputType; t != null; t = t.BaseType)
            {
                if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Task<>))
                {
                    _result = ResultKind.TaskOfValue;
                    outputType = t.GetGenericArguments()[0];
                    break;
                }
            }
            var returnsData = _result == ResultKind.Value || _result == ResultKind.TaskOfValue;
            _dataType = returnsData ? outputType : typeof(NoValue);

            var needsInput = _inputType != null && !typeof(Stream).IsAssignableFrom(_inputType);
            var needsOutput = returnsData && !typeof(Stream).IsAssignableFrom(outputType);
            if (_inputType != null && typeof(Stream).IsAssignableFrom(_inputType) && !_inputType.IsAssignableFrom(typeof(MemoryStream)))
            {
                throw Invalid("Method '{0}' of type '{1}' is not supported: an input stream parameter must be of type System.IO.Stream.", method.Name, typeName);
            }
            if (needsInput || needsOutput)
            {
                _serializer = FindSerializer(method, assembly);
                var attribute = typeof(LambdaSerializerAttribute).FullName;
                if (_serializer == null && needsInput)
                {
                    throw Invalid("Could not find the LambdaSerializerAttribute on the assembly '{0}' or method '{1}' while attempting to deserialize input data of type '{2}'. To use types other than System.IO.Stream as input/output parameters, the assembly or Lambda function should be annotated with {3}.", assembly.FullName, method.Name, _inputType.FullName, attribute);
                }
                if (_serializer == null)
                {
                    throw Invalid("Could not find the LambdaSerializerAttribute on the assembly '{0}' or method '{1}' while attempting to serialize output data of type '{2}'. To use types other than System.IO.Stream as input/output parameters, the assembly or Lambda function should be annotated with {3}.", assembly.FullName, method.Name, outputType.FullName, attribute);
                }
            }
        }

        private static ILambdaSerializer FindSerializer(MethodInfo method, Assembly assembly)
        {
            var attributes = method.GetCustomAttributes(typeof(LambdaSerializerAttribute), false);
            if (attributes.Length == 0) attributes = assembly.GetCustomAttributes(typeof(LambdaSerializerAttribute), false);
            if (attributes.Length == 0) return null;
            var serializerType = ((LambdaSerializerAttribute)attributes[0]).SerializerType;
            var attributeName = typeof(LambdaSerializerAttribute).FullName;
            if (serializerType == null) throw Invalid("The 'SerializerType' property on attribute class '{0}' is not set.", attributeName);
            var constructor = serializerType.GetConstructor(Type.EmptyTypes);
            if (constructor == null) throw Invalid("The indicated serializer '{0}' does not define a public zero-parameter constructor.", serializerType.FullName);
            if (!typeof(ILambdaSerializer).IsAssignableFrom(serializerType)) throw Invalid("The '{0}' class is invalid: it does not implement the 'ILambdaSerializer' interface.", serializerType.FullName);
            return (ILambdaSerializer)constructor.Invoke(null);
        }

        /// <summary>Runs the handler on one event; returns the response body.</summary>
        public byte[] Invoke(byte[] body, ILambdaContext context)
        {
            return _invoker.Invoke(body, context);
        }

        // A typed delegate to the handler, as the real runtime compiles one: the handler's
        // exceptions reach the invoke loop as they are, with no reflection wrapper around them.
        private Invoker MakeInvoker(object target)
        {
            var returned = _result == ResultKind.Void ? typeof(NoValue) : _method.ReturnType;
            var type = typeof(Invoker<,,>).MakeGenericType(_inputType ?? typeof(NoValue), returned, _dataType);
            var invoker = (Invoker)Activator.CreateInstance(type);
            invoker.Bind(_method, target, _shape, _result, _serializer);
            return invoker;
        }
    }

    internal enum Shape { Nothing, Input, Context, InputAndContext }

    internal enum ResultKind { Void, Value, Task, TaskOfValue }

    /// <summary>Stands for "no input" or "no result" in the invoker's type arguments.</summary>
    internal sealed class NoValue
    {
    }

    internal abstract class Invoker
    {
        public abstract void Bind(MethodInfo method, object target, Shape shape, ResultKind result, ILambdaSerializer serializer);
        public abstract byte[] Invoke(byte[] body, ILambdaContext context);
    }

    internal sealed class Invoker<TIn, TRet, TOut> : Invoker
    {
        private static readonly byte[] Empty = new byte[0];

        private Func<TIn, ILambdaContext, TRet> _call;
        private ResultKind _result;
        private ILambdaSerializer _serializer;
        private bool _hasInput;
        private bool _streamIn;
        private bool _streamOut;

        public override void Bind(MethodInfo method, object target, Shape shape, ResultKind result, ILambdaSerializer serializer)
        {
            _result = result;
            _serializer = serializer;
            _hasInput = shape == Shape.Input || shape == Shape.InputAndContext;
            _streamIn = typeof(Stream).IsAssignableFrom(typeof(TIn));
            _streamOut = typeof(Stream).IsAssignableFrom(typeof(TOut));
            if (result == ResultKind.Void)
            {
                switch (shape)
                {
                    case Shape.InputAndContext: { var d = Make<Action<TIn, ILambdaContext>>(method, target); _call = (i, c) => { d(i, c); return default(TRet); }; break; }
                    case Shape.Input: { var d = Make<Action<TIn>>(method, target); _call = (i, c) => { d(i); return default(TRet); }; break; }
                    case Shape.Context: { var d = Make<Action<ILambdaContext>>(method, target); _call = (i, c) => { d(c); return default(TRet); }; break; }
                    default: { var d = Make<Action>(method, target); _call = (i, c) => { d(); return default(TRet); }; break; }
                }
                return;
            }
            switch (shape)
            {
                case Shape.InputAndContext: _call = Make<Func<TIn, ILambdaContext, TRet>>(method, target); break;
                case Shape.Input: { var d = Make<Func<TIn, TRet>>(method, target); _call = (i, c) => d(i); break; }
                case Shape.Context: { var d = Make<Func<ILambdaContext, TRet>>(method, target); _call = (i, c) => d(c); break; }
                default: { var d = Make<Func<TRet>>(method, target); _call = (i, c) => d(); break; }
            }
        }

        private static T Make<T>(MethodInfo method, object target) where T : class
        {
            return (T)(object)(method.IsStatic ? Delegate.CreateDelegate(typeof(T), method) : Delegate.CreateDelegate(typeof(T), target, method));
        }

        public override byte[] Invoke(byte[] body, ILambdaContext context)
        {
            var input = default(TIn);
            if (_hasInput)
            {
                var stream = new MemoryStream(body, 0, body.Length, false, true);
                input = _streamIn ? (TIn)(object)stream : _serializer.Deserialize<TIn>(stream);
            }
            var returned = _call(input, context);
            TOut data;
            switch (_result)
            {
                case ResultKind.Void:
                    return Empty;
                case ResultKind.Task:
                    ((Task)(object)returned).GetAwaiter().GetResult(); // the handler's own exception, not an AggregateException
                    return Empty;
                case ResultKind.TaskOfValue:
                    data = ((Task<TOut>)(object)returned).GetAwaiter().GetResult();
                    break;
                default:
                    data = (TOut)(object)returned;
                    break;
            }
            if (_streamOut)
            {
                var streamed = (Stream)(object)data;
                if (streamed == null) return Empty;
                var copy = new MemoryStream();
                streamed.CopyTo(copy);
                return copy.ToArray();
            }
            var output = new MemoryStream();
            _serializer.Serialize(data, output);
            return output.ToArray();
        }
    }

    // ---------------------------------------------------------------- the context object

    internal sealed class LambdaContext : ILambdaContext
    {
        private readonly long _deadlineMs;

        public LambdaContext(string requestId, Dictionary<string, string> headers, LogWriters output, ILambdaSerializer serializer)
        {
            AwsRequestId = requestId;
            Serializer = serializer;
            string value;
            TraceId = headers.TryGetValue("lambda-runtime-trace-id", out value) ? value : null;
            TenantId = headers.TryGetValue("lambda-runtime-aws-tenant-id", out value) ? value : null;
            long deadline;
            _deadlineMs = headers.TryGetValue("lambda-runtime-deadline-ms", out value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out deadline) ? deadline : 0;
            InvokedFunctionArn = headers.TryGetValue("lambda-runtime-invoked-function-arn", out value) ? value : null;
            FunctionName = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME");
            FunctionVersion = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_VERSION");
            LogGroupName = Environment.GetEnvironmentVariable("AWS_LAMBDA_LOG_GROUP_NAME");
            LogStreamName = Environment.GetEnvironmentVariable("AWS_LAMBDA_LOG_STREAM_NAME");
            int memory;
            MemoryLimitInMB = int.TryParse(Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), NumberStyles.Integer, CultureInfo.InvariantCulture, out memory) ? memory : 0;
            Logger = new ContextLogger(output);
            if (headers.TryGetValue("lambda-runtime-cognito-identity", out value) && value.Length > 0) Identity = CognitoIdentity.FromJson(value);
            if (headers.TryGetValue("lambda-runtime-client-context", out value) && value.Length > 0) ClientContext = Dojo.ClientContext.FromJson(value);
        }

        public string AwsRequestId { get; private set; }
        public IClientContext ClientContext { get; private set; }
        public string FunctionName { get; private set; }
        public string FunctionVersion { get; private set; }
        public ICognitoIdentity Identity { get; private set; }
        public string InvokedFunctionArn { get; private set; }
        public ILambdaLogger Logger { get; private set; }
        public string LogGroupName { get; private set; }
        public string LogStreamName { get; private set; }
        public int MemoryLimitInMB { get; private set; }
        public string TraceId { get; private set; }
        public string TenantId { get; private set; }
        public ILambdaSerializer Serializer { get; private set; }

        public TimeSpan RemainingTime
        {
            get
            {
                var now = (DateTime.UtcNow - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).Ticks / TimeSpan.TicksPerMillisecond;
                return TimeSpan.FromMilliseconds(Math.Max(0, _deadlineMs - now));
            }
        }
    }

    internal sealed class ContextLogger : ILambdaLogger, ILeveledLogger
    {
        private readonly LogWriters _output;

        public ContextLogger(LogWriters output)
        {
            _output = output;
        }

        public void Log(string message) { _output.Out.FormattedWriteLine(message); }
        public void LogLine(string message) { _output.Out.FormattedWriteLine(message); }
        public void Write(string level, string message) { _output.Out.FormattedWriteLine(level, message); }
    }

    // ---------------------------------------------------------------- logging

    /// <summary>
    /// Console.Out and Console.Error replaced, as the real runtime does on .NET 6 and later: every
    /// WriteLine becomes "time, request id, level, message"; Write passes through untouched.
    /// </summary>
    internal sealed class LogWriters
    {
        public readonly LineWriter Out;
        public readonly LineWriter Error;

        public LogWriters()
        {
            var utf8 = new UTF8Encoding(false);
            var stdout = new StreamWriter(Console.OpenStandardOutput(), utf8, 4096) { AutoFlush = true };
            var stderr = new StreamWriter(Console.OpenStandardError(), utf8, 4096) { AutoFlush = true };
            Out = new LineWriter(stdout, "Information");
            Error = new LineWriter(stderr, "Error");
            Console.SetOut(Out);
            Console.SetError(Error);
            // LambdaLogger.Log writes "time, request id, message" with no level, as on Lambda.
            var field = typeof(LambdaLogger).GetField("_loggingAction", BindingFlags.NonPublic | BindingFlags.Static);
            if (field != null) field.SetValue(null, new Action<string>(message => Out.FormattedWriteLine(null, message)));
        }

        public void SetRequestId(string requestId)
        {
            Out.RequestId = requestId;
            Error.RequestId = requestId;
        }

        public void Flush()
        {
            try { Out.Flush(); } catch (Exception) { }
            try { Error.Flush(); } catch (Exception) { }
        }
    }

    internal sealed class LineWriter : TextWriter
    {
        private enum Level { Trace, Debug, Information, Warning, Error, Critical }

        private static readonly Level Minimum = ReadLevel();
        private static readonly bool Unformatted = string.Equals(Environment.GetEnvironmentVariable("AWS_LAMBDA_HANDLER_LOG_FORMAT"), "Unformatted", StringComparison.OrdinalIgnoreCase);

        private readonly TextWriter _inner;
        private readonly string _defaultLevel;
        public string RequestId = string.Empty;

        public LineWriter(TextWriter inner, string defaultLevel)
        {
            _inner = inner;
            _defaultLevel = defaultLevel;
        }

        private static Level ReadLevel()
        {
            var text = Environment.GetEnvironmentVariable("AWS_LAMBDA_HANDLER_LOG_LEVEL");
            Level level;
            return !string.IsNullOrEmpty(text) && Enum.TryParse(text, true, out level) ? level : Level.Information;
        }

        public override Encoding Encoding { get { return _inner.Encoding; } }

        public void FormattedWriteLine(string message)
        {
            FormattedWriteLine(_defaultLevel, message);
        }

        public void FormattedWriteLine(string level, string message)
        {
            var label = level;
            Level parsed;
            if (level != null && Enum.TryParse(level, true, out parsed))
            {
                if (parsed < Minimum) return;
                label = Label(parsed);
            }
            string line;
            if (Unformatted) line = message;
            else
            {
                var time = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                line = string.IsNullOrEmpty(label)
                    ? time + "\t" + RequestId + "\t" + (message ?? string.Empty)
                    : time + "\t" + RequestId + "\t" + label + "\t" + (message ?? string.Empty);
            }
            lock (this) _inner.WriteLine(line);
        }

        private static string Label(Level level)
        {
            switch (level)
            {
                case Level.Trace: return "trce";
                case Level.Debug: return "dbug";
                case Level.Information: return "info";
                case Level.Warning: return "warn";
                case Level.Error: return "fail";
                default: return "crit";
            }
        }

        public override void Write(char value) { lock (this) _inner.Write(value); }
        public override void Write(string value) { lock (this) _inner.Write(value); }
        public override void Write(char[] buffer, int index, int count) { lock (this) _inner.Write(buffer, index, count); }
        public override void Flush() { lock (this) _inner.Flush(); }

        public override void WriteLine() { FormattedWriteLine(string.Empty); }
        public override void WriteLine(string value) { FormattedWriteLine(value); }
        public override void WriteLine(object value) { FormattedWriteLine(value == null ? string.Empty : Text(value)); }
        public override void WriteLine(bool value) { FormattedWriteLine(value.ToString()); }
        public override void WriteLine(char value) { FormattedWriteLine(value.ToString()); }
        public override void WriteLine(char[] buffer) { FormattedWriteLine(buffer == null ? string.Empty : new string(buffer)); }
        public override void WriteLine(char[] buffer, int index, int count) { FormattedWriteLine(new string(buffer, index, count)); }
        public override void WriteLine(int value) { FormattedWriteLine(value.ToString(FormatProvider)); }
        public override void WriteLine(uint value) { FormattedWriteLine(value.ToString(FormatProvider)); }
        public override void WriteLine(long value) { FormattedWriteLine(value.ToString(FormatProvider)); }
        public override void WriteLine(ulong value) { FormattedWriteLine(value.ToString(FormatProvider)); }
        public override void WriteLine(float value) { FormattedWriteLine(value.ToString(FormatProvider)); }
        public override void WriteLine(double value) { FormattedWriteLine(value.ToString(FormatProvider)); }
        public override void WriteLine(decimal value) { FormattedWriteLine(value.ToString(FormatProvider)); }
        public override void WriteLine(string format, object arg0) { FormattedWriteLine(string.Format(FormatProvider, format, arg0)); }
        public override void WriteLine(string format, object arg0, object arg1) { FormattedWriteLine(string.Format(FormatProvider, format, arg0, arg1)); }
        public override void WriteLine(string format, object arg0, object arg1, object arg2) { FormattedWriteLine(string.Format(FormatProvider, format, arg0, arg1, arg2)); }
        public override void WriteLine(string format, params object[] arg) { FormattedWriteLine(string.Format(FormatProvider, format, arg)); }

        private string Text(object value)
        {
            var formattable = value as IFormattable;
            return formattable != null ? formattable.ToString(null, FormatProvider) : value.ToString();
        }
    }

    // ---------------------------------------------------------------- errors

    internal sealed class ErrorPayload
    {
        public string Type;
        public string Json;

        public static ErrorPayload From(Exception exception)
        {
            var builder = new StringBuilder();
            Write(builder, exception, true);
            return new ErrorPayload { Type = exception.GetType().Name, Json = builder.ToString() };
        }

        // {errorType, errorMessage, stackTrace, cause, causes}: the names and order the real runtime writes.
        private static void Write(StringBuilder builder, Exception exception, bool top)
        {
            builder.Append("{\"errorType\":");
            Dojo.Json.WriteString(builder, exception.GetType().Name);
            if (exception.Message != null)
            {
                builder.Append(",\"errorMessage\":");
                Dojo.Json.WriteString(builder, exception.Message);
            }
            var frames = StackLines(exception);
            if (frames.Count > 0)
            {
                builder.Append(",\"stackTrace\":[");
                for (var i = 0; i < frames.Count; i++)
                {
                    if (i > 0) builder.Append(',');
                    Dojo.Json.WriteString(builder, frames[i]);
                }
                builder.Append(']');
            }
            if (exception.InnerException != null)
            {
                builder.Append(",\"cause\":");
                Write(builder, exception.InnerException, false);
            }
            var aggregate = exception as AggregateException;
            if (aggregate != null && aggregate.InnerExceptions.Count > 0)
            {
                builder.Append(",\"causes\":[");
                for (var i = 0; i < aggregate.InnerExceptions.Count; i++)
                {
                    if (i > 0) builder.Append(',');
                    Write(builder, aggregate.InnerExceptions[i], false);
                }
                builder.Append(']');
            }
            builder.Append('}');
        }

        /// <summary>The exception as .NET's Exception.ToString() writes it, for the log.</summary>
        public static string Describe(Exception exception)
        {
            var text = new StringBuilder();
            text.Append(exception.GetType().FullName);
            if (!string.IsNullOrEmpty(exception.Message)) text.Append(": ").Append(exception.Message);
            if (exception.InnerException != null)
            {
                text.Append(" ---> ").Append(Describe(exception.InnerException));
                text.Append(Environment.NewLine).Append("   --- End of inner exception stack trace ---");
            }
            foreach (var line in StackLines(exception)) text.Append(Environment.NewLine).Append("   ").Append(line);
            return text.ToString();
        }

        private static MethodBase AsyncOrigin(Type stateMachine)
        {
            foreach (var candidate in stateMachine.DeclaringType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                foreach (StateMachineAttribute attribute in candidate.GetCustomAttributes(typeof(StateMachineAttribute), false))
                {
                    if (attribute.StateMachineType == stateMachine) return candidate;
                }
            }
            return null;
        }

        /// <summary>Frames in .NET's own format: "at Type.Method(Type name) in file:line N".</summary>
        private static List<string> StackLines(Exception exception)
        {
            var lines = new List<string>();
            if (string.IsNullOrEmpty(exception.StackTrace)) return lines;
            var trace = new StackTrace(exception, true);
            var frames = trace.GetFrames();
            if (frames == null) return lines;
            foreach (var frame in frames)
            {
                var method = frame.GetMethod();
                if (method == null) continue;
                var type = method.DeclaringType;
                // Reflection plumbing, the delegates this bootstrap wraps around the handler, and
                // the await machinery that .NET leaves out of its traces ([StackTraceHidden]).
                if (type != null && type.Namespace == "System.Reflection") continue;
                if (type != null && type.Namespace == "Amazon.Lambda.RuntimeSupport" && (type.Name.StartsWith("<", StringComparison.Ordinal) || method.Name.StartsWith("<", StringComparison.Ordinal))) continue;
                if (type == typeof(System.Runtime.ExceptionServices.ExceptionDispatchInfo) || type == typeof(TaskAwaiter) || (type != null && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(TaskAwaiter<>))) continue;
                // An async method runs as MoveNext of a generated state machine: name the method itself.
                if (method.Name == "MoveNext" && type != null && type.DeclaringType != null)
                {
                    var original = AsyncOrigin(type);
                    if (original != null)
                    {
                        method = original;
                        type = original.DeclaringType;
                    }
                }
                var line = new StringBuilder("at ");
                if (type != null)
                {
                    var named = type.IsGenericType && !type.IsGenericTypeDefinition ? type.GetGenericTypeDefinition() : type;
                    line.Append((named.FullName ?? named.Name).Replace('+', '.')).Append('.');
                }
                line.Append(method.Name).Append('(');
                var parameters = method.GetParameters();
                for (var i = 0; i < parameters.Length; i++)
                {
                    if (i > 0) line.Append(", ");
                    line.Append(parameters[i].ParameterType.Name).Append(' ').Append(parameters[i].Name);
                }
                line.Append(')');
                var file = frame.GetFileName();
                if (!string.IsNullOrEmpty(file)) line.Append(" in ").Append(file).Append(":line ").Append(frame.GetFileLineNumber());
                lines.Add(line.ToString());
            }
            return lines;
        }
    }

    // ---------------------------------------------------------------- Runtime API client

    internal sealed class HttpAnswer
    {
        public int Status;
        public Dictionary<string, string> Headers;
        public byte[] Body;
    }

    /// <summary>HTTP/1.1 to the Runtime API over one kept-alive TCP connection.</summary>
    internal sealed class RuntimeApi
    {
        private readonly string _host;
        private readonly int _port;
        private readonly string _authority;
        private NativeSocket _socket;
        private byte[] _buffer = new byte[65536];
        private int _start;
        private int _end;

        public RuntimeApi(string address)
        {
            _authority = address;
            var colon = address.LastIndexOf(':');
            _host = colon > 0 ? address.Substring(0, colon).Trim('[', ']') : address;
            _port = colon > 0 ? int.Parse(address.Substring(colon + 1), CultureInfo.InvariantCulture) : 80;
        }

        public void Post(string path, byte[] body, string contentType, string errorType)
        {
            var answer = Request("POST", path, body, contentType, errorType);
            if (answer.Status < 200 || answer.Status > 299)
            {
                throw new InvalidOperationException("Runtime API answered " + answer.Status + " to POST " + path + ": " + Encoding.UTF8.GetString(answer.Body));
            }
        }

        public HttpAnswer Request(string method, string path, byte[] body, string contentType, string errorType)
        {
            var head = new StringBuilder();
            head.Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\nHost: ").Append(_authority).Append("\r\n");
            if (contentType != null) head.Append("Content-Type: ").Append(contentType).Append("\r\n");
            if (errorType != null) head.Append("Lambda-Runtime-Function-Error-Type: ").Append(errorType.Replace('\r', ' ').Replace('\n', ' ')).Append("\r\n");
            if (body != null) head.Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            head.Append("\r\n");
            var headBytes = Encoding.UTF8.GetBytes(head.ToString());

            for (var attempt = 1; ; attempt++)
            {
                var fresh = _socket == null;
                if (fresh) Connect();
                try
                {
                    try
                    {
                        if (body != null && body.Length < 65536)
                        {
                            var all = new byte[headBytes.Length + body.Length];
                            Buffer.BlockCopy(headBytes, 0, all, 0, headBytes.Length);
                            Buffer.BlockCopy(body, 0, all, headBytes.Length, body.Length);
                            SendAll(all);
                        }
                        else
                        {
                            SendAll(headBytes);
                            if (body != null) SendAll(body);
                        }
                    }
                    catch (IOException)
                    {
                        throw new StaleConnection();
                    }
                    return ReadAnswer();
                }
                catch (StaleConnection)
                {
                    // A kept-alive connection the server had closed: one retry on a new one.
                    Close();
                    if (fresh || attempt == 2) throw new IOException("Runtime API connection lost");
                }
            }
        }

        private sealed class StaleConnection : Exception { }

        private void Connect()
        {
            _socket = NativeSocket.Connect(_host == "localhost" ? "127.0.0.1" : _host, _port);
            _start = _end = 0;
        }

        private void Close()
        {
            if (_socket != null) _socket.Close();
            _socket = null;
            _start = _end = 0;
        }

        private void SendAll(byte[] data)
        {
            _socket.SendAll(data);
        }

        /// <summary>Reads more bytes into the buffer; false at the end of the connection.</summary>
        private bool Fill()
        {
            if (_start > 0 && _start == _end) _start = _end = 0;
            if (_end == _buffer.Length)
            {
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }
                else Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            int count;
            try
            {
                count = _socket.Receive(_buffer, _end, _buffer.Length - _end);
            }
            catch (IOException)
            {
                count = 0;
            }
            _end += count;
            return count > 0;
        }

        private int Find(byte[] pattern, int from)
        {
            for (var i = from; i <= _end - pattern.Length; i++)
            {
                var match = true;
                for (var j = 0; j < pattern.Length; j++)
                {
                    if (_buffer[i + j] != pattern[j]) { match = false; break; }
                }
                if (match) return i;
            }
            return -1;
        }

        private static readonly byte[] HeadEnd = { 13, 10, 13, 10 };
        private static readonly byte[] LineEnd = { 13, 10 };

        private HttpAnswer ReadAnswer()
        {
            int end;
            var scanned = 0; // how far past _start the header end has been looked for already
            while ((end = Find(HeadEnd, _start + scanned)) < 0)
            {
                var had = _end - _start;
                scanned = Math.Max(0, had - 3);
                if (!Fill())
                {
                    if (had > 0) throw new IOException("Runtime API closed the connection mid-response");
                    throw new StaleConnection();
                }
            }
            var head = Encoding.UTF8.GetString(_buffer, _start, end - _start);
            _start = end + 4;
            var lines = head.Split(new[] { "\r\n" }, StringSplitOptions.None);
            var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 1; i < lines.Length; i++)
            {
                var colon = lines[i].IndexOf(':');
                if (colon > 0) headers[lines[i].Substring(0, colon).Trim().ToLowerInvariant()] = lines[i].Substring(colon + 1).Trim();
            }

            byte[] body;
            string value;
            var closes = headers.TryGetValue("connection", out value) && value.Equals("close", StringComparison.OrdinalIgnoreCase);
            if (status < 200 || status == 204 || status == 304) body = new byte[0];
            else if (headers.TryGetValue("transfer-encoding", out value) && value.IndexOf("chunked", StringComparison.OrdinalIgnoreCase) >= 0) body = ReadChunked();
            else if (headers.TryGetValue("content-length", out value)) body = ReadExactly(int.Parse(value, CultureInfo.InvariantCulture));
            else
            {
                while (Fill()) { }
                body = new byte[_end - _start];
                Buffer.BlockCopy(_buffer, _start, body, 0, body.Length);
                _start = _end;
                closes = true;
            }
            if (closes) Close();
            return new HttpAnswer { Status = status, Headers = headers, Body = body };
        }

        private byte[] ReadExactly(int size)
        {
            var body = new byte[size];
            var have = Math.Min(size, _end - _start);
            Buffer.BlockCopy(_buffer, _start, body, 0, have);
            _start += have;
            while (have < size)
            {
                var count = _socket.Receive(body, have, size - have);
                if (count <= 0) throw new IOException("Runtime API closed the connection mid-response");
                have += count;
            }
            return body;
        }

        private string ReadLine()
        {
            int end;
            while ((end = Find(LineEnd, _start)) < 0)
            {
                if (!Fill()) throw new IOException("Runtime API closed the connection mid-response");
            }
            var line = Encoding.ASCII.GetString(_buffer, _start, end - _start);
            _start = end + 2;
            return line;
        }

        private byte[] ReadChunked()
        {
            var parts = new MemoryStream();
            while (true)
            {
                var size = int.Parse(ReadLine().Split(';')[0].Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    while (ReadLine().Length > 0) { } // trailers, up to the empty line
                    return parts.ToArray();
                }
                var chunk = ReadExactly(size);
                parts.Write(chunk, 0, chunk.Length);
                ReadLine();
            }
        }
    }

    /// <summary>
    /// A TCP connection through libc itself. Mono's Socket class reads machine.config (loading
    /// System.Configuration and System.Xml) the first time it is used, which would double the
    /// cold start; the Runtime API only needs connect, send and receive on a loopback address.
    /// </summary>
    internal sealed unsafe class NativeSocket
    {
        private const int EINTR = 4;
        private static readonly bool Linux = !File.Exists("/System/Library/CoreServices/SystemVersion.plist");

        [DllImport("libc", EntryPoint = "socket", SetLastError = true)] private static extern int Socket(int domain, int type, int protocol);
        [DllImport("libc", EntryPoint = "connect", SetLastError = true)] private static extern int ConnectTo(int fd, byte* address, int length);
        [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)] private static extern int SetOption(int fd, int level, int name, int* value, int length);
        [DllImport("libc", EntryPoint = "send", SetLastError = true)] private static extern IntPtr Send(int fd, byte* buffer, IntPtr length, int flags);
        [DllImport("libc", EntryPoint = "recv", SetLastError = true)] private static extern IntPtr Recv(int fd, byte* buffer, IntPtr length, int flags);
        [DllImport("libc", EntryPoint = "close", SetLastError = true)] private static extern int CloseFd(int fd);

        private int _fd;

        private NativeSocket(int fd)
        {
            _fd = fd;
        }

        public static NativeSocket Connect(string host, int port)
        {
            var parts = host.Split('.');
            if (parts.Length != 4) throw new IOException("The Runtime API address must be an IPv4 address, not " + host);
            var fd = Socket(2 /* AF_INET */, 1 /* SOCK_STREAM */, 0);
            if (fd < 0) throw Failure("socket");
            // struct sockaddr_in: family, port and address in network byte order, zero padding.
            var address = stackalloc byte[16];
            for (var i = 0; i < 16; i++) address[i] = 0;
            if (Linux)
            {
                address[0] = 2;
            }
            else
            {
                address[0] = 16; // BSD sockaddr has a length byte before the family
                address[1] = 2;
            }
            address[2] = (byte)(port >> 8);
            address[3] = (byte)port;
            for (var i = 0; i < 4; i++) address[4 + i] = byte.Parse(parts[i], CultureInfo.InvariantCulture);
            while (ConnectTo(fd, address, 16) != 0)
            {
                if (Marshal.GetLastWin32Error() == EINTR) continue;
                var error = Failure("connect to " + host + ":" + port);
                CloseFd(fd);
                throw error;
            }
            var on = 1;
            SetOption(fd, 6 /* IPPROTO_TCP */, 1 /* TCP_NODELAY */, &on, sizeof(int));
            return new NativeSocket(fd);
        }

        private static IOException Failure(string what)
        {
            return new IOException(what + " failed (errno " + Marshal.GetLastWin32Error() + ")");
        }

        public void SendAll(byte[] data)
        {
            var flags = Linux ? 0x4000 /* MSG_NOSIGNAL */ : 0;
            fixed (byte* start = data)
            {
                var sent = 0;
                while (sent < data.Length)
                {
                    var count = (long)Send(_fd, start + sent, new IntPtr(data.Length - sent), flags);
                    if (count < 0)
                    {
                        if (Marshal.GetLastWin32Error() == EINTR) continue;
                        throw Failure("send");
                    }
                    sent += (int)count;
                }
            }
        }

        /// <summary>Up to count bytes into buffer at offset; 0 at the end of the connection.</summary>
        public int Receive(byte[] buffer, int offset, int count)
        {
            if (count == 0) return 0;
            fixed (byte* start = buffer)
            {
                while (true)
                {
                    // The process is stopped and continued between invocations, and Mono's own
                    // signals interrupt a waiting call: both are retried.
                    var got = (long)Recv(_fd, start + offset, new IntPtr(count), 0);
                    if (got >= 0) return (int)got;
                    if (Marshal.GetLastWin32Error() == EINTR) continue;
                    throw Failure("recv");
                }
            }
        }

        public void Close()
        {
            if (_fd >= 0) CloseFd(_fd);
            _fd = -1;
        }
    }
}

namespace Amazon.Lambda.Dojo
{
    internal sealed class CognitoIdentity : ICognitoIdentity
    {
        public string IdentityId { get; set; }
        public string IdentityPoolId { get; set; }

        public static CognitoIdentity FromJson(string text)
        {
            var values = Json.Parse(text) as Dictionary<string, object>;
            if (values == null) return null;
            return new CognitoIdentity { IdentityId = Text(values, "cognitoIdentityId"), IdentityPoolId = Text(values, "cognitoIdentityPoolId") };
        }

        internal static string Text(Dictionary<string, object> values, string key)
        {
            object value;
            return values != null && values.TryGetValue(key, out value) && value != null ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
        }
    }

    internal sealed class ClientApplication : IClientApplication
    {
        public string AppPackageName { get; set; }
        public string AppTitle { get; set; }
        public string AppVersionCode { get; set; }
        public string AppVersionName { get; set; }
        public string InstallationId { get; set; }
    }

    internal sealed class ClientContext : IClientContext
    {
        public IDictionary<string, string> Environment { get; set; }
        public IClientApplication Client { get; set; }
        public IDictionary<string, string> Custom { get; set; }

        public static ClientContext FromJson(string text)
        {
            var values = Json.Parse(text) as Dictionary<string, object>;
            if (values == null) return null;
            object client;
            values.TryGetValue("client", out client);
            var app = client as Dictionary<string, object>;
            return new ClientContext
            {
                Environment = Strings(values, "env"),
                Custom = Strings(values, "custom"),
                Client = app == null ? null : new ClientApplication
                {
                    AppPackageName = CognitoIdentity.Text(app, "app_package_name"),
                    AppTitle = CognitoIdentity.Text(app, "app_title"),
                    AppVersionCode = CognitoIdentity.Text(app, "app_version_code"),
                    AppVersionName = CognitoIdentity.Text(app, "app_version_name"),
                    InstallationId = CognitoIdentity.Text(app, "installation_id"),
                },
            };
        }

        private static IDictionary<string, string> Strings(Dictionary<string, object> values, string key)
        {
            object found;
            var map = values.TryGetValue(key, out found) ? found as Dictionary<string, object> : null;
            var result = new Dictionary<string, string>();
            if (map != null)
            {
                foreach (var pair in map) result[pair.Key] = pair.Value == null ? null : Convert.ToString(pair.Value, CultureInfo.InvariantCulture);
            }
            return result;
        }
    }
}
