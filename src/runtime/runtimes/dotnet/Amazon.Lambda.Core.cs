// Lambda Dojo: the parts of Amazon.Lambda.Core and Amazon.Lambda.Serialization.SystemTextJson that a
// handler compiles against, with the same names and shapes as AWS's NuGet packages, written for
// Mono's standard library (no NuGet here). The bootstrap and the learner's assembly both reference
// this one assembly, so the context object the bootstrap builds is the type the handler expects.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

[assembly: InternalsVisibleTo("bootstrap")]

namespace Amazon.Lambda.Core
{
    public interface ILambdaContext
    {
        string AwsRequestId { get; }
        IClientContext ClientContext { get; }
        string FunctionName { get; }
        string FunctionVersion { get; }
        ICognitoIdentity Identity { get; }
        string InvokedFunctionArn { get; }
        ILambdaLogger Logger { get; }
        string LogGroupName { get; }
        string LogStreamName { get; }
        int MemoryLimitInMB { get; }
        TimeSpan RemainingTime { get; }
    }

    public interface ILambdaLogger
    {
        void Log(string message);
        void LogLine(string message);
    }

    public interface ICognitoIdentity
    {
        string IdentityId { get; }
        string IdentityPoolId { get; }
    }

    public interface IClientContext
    {
        IDictionary<string, string> Environment { get; }
        IClientApplication Client { get; }
        IDictionary<string, string> Custom { get; }
    }

    public interface IClientApplication
    {
        string AppPackageName { get; }
        string AppTitle { get; }
        string AppVersionCode { get; }
        string AppVersionName { get; }
        string InstallationId { get; }
    }

    public interface ILambdaSerializer
    {
        T Deserialize<T>(Stream requestStream);
        void Serialize<T>(T response, Stream responseStream);
    }

    /// <summary>Names the serializer for a handler's input and output (on the assembly or the method).</summary>
    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Method, AllowMultiple = false)]
    public sealed class LambdaSerializerAttribute : Attribute
    {
        public LambdaSerializerAttribute(Type serializerType)
        {
            SerializerType = serializerType;
        }

        public Type SerializerType { get; set; }
    }

    /// <summary>Static logging, as Amazon.Lambda.Core.LambdaLogger: the runtime points it at its own writer.</summary>
    public static class LambdaLogger
    {
        // The runtime replaces this, as AWS's runtime sets the private field of the same name.
        private static Action<string> _loggingAction = message => Console.Write(message);

        public static void Log(string message)
        {
            _loggingAction(message);
        }
    }

    // Newer Amazon.Lambda.Core gives ILambdaLogger leveled methods through default interface
    // members, which this compiler lacks: extension methods keep the same call syntax.
    public static class LambdaLoggerLevelExtensions
    {
        public static void LogTrace(this ILambdaLogger logger, string message) { Leveled(logger, "Trace", message); }
        public static void LogDebug(this ILambdaLogger logger, string message) { Leveled(logger, "Debug", message); }
        public static void LogInformation(this ILambdaLogger logger, string message) { Leveled(logger, "Information", message); }
        public static void LogWarning(this ILambdaLogger logger, string message) { Leveled(logger, "Warning", message); }
        public static void LogError(this ILambdaLogger logger, string message) { Leveled(logger, "Error", message); }
        public static void LogCritical(this ILambdaLogger logger, string message) { Leveled(logger, "Critical", message); }

        public static void Log(this ILambdaLogger logger, string level, string message)
        {
            Leveled(logger, level, message);
        }

        private static void Leveled(ILambdaLogger logger, string level, string message)
        {
            var leveled = logger as ILeveledLogger;
            if (leveled != null) leveled.Write(level, message);
            else logger.LogLine(message);
        }
    }

    internal interface ILeveledLogger
    {
        void Write(string level, string message);
    }
}

namespace Amazon.Lambda.Serialization.SystemTextJson
{
    using Amazon.Lambda.Core;
    using Amazon.Lambda.Dojo;

    public class JsonSerializerException : Exception
    {
        public JsonSerializerException(string message) : base(message) { }
        public JsonSerializerException(string message, Exception inner) : base(message, inner) { }
    }

    /// <summary>
    /// As AWS's DefaultLambdaJsonSerializer: camelCase property names out, any case in, nulls left out.
    /// </summary>
    public class DefaultLambdaJsonSerializer : ILambdaSerializer
    {
        // IgnoreNullValues, PropertyNameCaseInsensitive and the camelCase AwsNamingPolicy, as AWS sets them.
        private static readonly JsonRules Rules = new JsonRules { Name = Json.CamelCase, IgnoreNulls = true, CaseInsensitive = true };

        public T Deserialize<T>(Stream requestStream)
        {
            try
            {
                byte[] bytes;
                var memory = requestStream as MemoryStream;
                if (memory != null) bytes = memory.ToArray();
                else
                {
                    using (var copy = new MemoryStream())
                    {
                        requestStream.CopyTo(copy);
                        bytes = copy.ToArray();
                    }
                }
                var node = Json.Parse(Encoding.UTF8.GetString(bytes));
                return (T)Json.Convert(node, typeof(T), "$", Rules);
            }
            catch (Exception e)
            {
                if (typeof(T) == typeof(string))
                {
                    throw new JsonSerializerException("Error converting the Lambda event JSON payload to a string. JSON strings must be quoted, for example \"Hello World\" in order to be converted to a string: " + e.Message, e);
                }
                throw new JsonSerializerException("Error converting the Lambda event JSON payload to type " + typeof(T).FullName + ": " + e.Message, e);
            }
        }

        public void Serialize<T>(T response, Stream responseStream)
        {
            string text;
            try
            {
                var builder = new StringBuilder();
                new JsonWriter(builder, Rules).Write(response);
                text = builder.ToString();
            }
            catch (Exception e)
            {
                throw new JsonSerializerException("Error converting the response object of type " + typeof(T).FullName + " from the Lambda function to JSON: " + e.Message, e);
            }
            var bytes = Encoding.UTF8.GetBytes(text);
            responseStream.Write(bytes, 0, bytes.Length);
        }
    }

    /// <summary>As AWS's CamelCaseLambdaJsonSerializer (the default one already writes camelCase names).</summary>
    public class CamelCaseLambdaJsonSerializer : DefaultLambdaJsonSerializer
    {
    }
}

namespace Amazon.Lambda.Dojo
{
    /// <summary>A small JSON reader: objects become Dictionary&lt;string, object&gt;, arrays List&lt;object&gt;.</summary>
    internal static class Json
    {
        public static object Parse(string text)
        {
            var reader = new Reader(text);
            reader.SkipSpace();
            var value = reader.Value(0);
            reader.SkipSpace();
            if (reader.Position < text.Length) throw reader.Error("'" + text[reader.Position] + "' is invalid after a single JSON value. Expected end of data.");
            return value;
        }

        private sealed class Reader
        {
            private readonly string _text;
            public int Position;

            public Reader(string text)
            {
                _text = text;
            }

            public FormatException Error(string message)
            {
                return new FormatException(message + " Path: $ | LineNumber: 0 | BytePositionInLine: " + Position + ".");
            }

            public void SkipSpace()
            {
                while (Position < _text.Length)
                {
                    var c = _text[Position];
                    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
                    Position++;
                }
            }

            public object Value(int depth)
            {
                if (depth > 64) throw Error("The maximum configured depth of 64 has been exceeded.");
                if (Position >= _text.Length) throw Error("The input does not contain any JSON tokens.");
                var c = _text[Position];
                switch (c)
                {
                    case '{': return ObjectValue(depth);
                    case '[': return ArrayValue(depth);
                    case '"': return StringValue();
                    case 't': return Literal("true", true);
                    case 'f': return Literal("false", false);
                    case 'n': return Literal("null", null);
                    default:
                        if (c == '-' || (c >= '0' && c <= '9')) return NumberValue();
                        throw Error("'" + c + "' is an invalid start of a value.");
                }
            }

            private object Literal(string word, object value)
            {
                if (string.CompareOrdinal(_text, Position, word, 0, word.Length) != 0) throw Error("'" + _text[Position] + "' is an invalid JSON literal.");
                Position += word.Length;
                return value;
            }

            private Dictionary<string, object> ObjectValue(int depth)
            {
                var result = new Dictionary<string, object>();
                Position++;
                SkipSpace();
                if (Position < _text.Length && _text[Position] == '}')
                {
                    Position++;
                    return result;
                }
                while (true)
                {
                    SkipSpace();
                    if (Position >= _text.Length || _text[Position] != '"') throw Error("Expected a property name.");
                    var name = StringValue();
                    SkipSpace();
                    if (Position >= _text.Length || _text[Position] != ':') throw Error("Expected ':' after a property name.");
                    Position++;
                    SkipSpace();
                    result[name] = Value(depth + 1);
                    SkipSpace();
                    if (Position >= _text.Length) throw Error("Expected ',' or '}'.");
                    var c = _text[Position++];
                    if (c == '}') return result;
                    if (c != ',') throw Error("'" + c + "' is invalid after a value. Expected either ',' or '}'.");
                }
            }

            private List<object> ArrayValue(int depth)
            {
                var result = new List<object>();
                Position++;
                SkipSpace();
                if (Position < _text.Length && _text[Position] == ']')
                {
                    Position++;
                    return result;
                }
                while (true)
                {
                    SkipSpace();
                    result.Add(Value(depth + 1));
                    SkipSpace();
                    if (Position >= _text.Length) throw Error("Expected ',' or ']'.");
                    var c = _text[Position++];
                    if (c == ']') return result;
                    if (c != ',') throw Error("'" + c + "' is invalid after a value. Expected either ',' or ']'.");
                }
            }

            private string StringValue()
            {
                Position++;
                var start = Position;
                // Fast path: no escapes.
                while (Position < _text.Length)
                {
                    var c = _text[Position];
                    if (c == '"')
                    {
                        var plain = _text.Substring(start, Position - start);
                        Position++;
                        return plain;
                    }
                    if (c == '\\') break;
                    if (c < ' ') throw Error("A control character must be escaped in a string.");
                    Position++;
                }
                var builder = new StringBuilder(_text, start, Position - start, Math.Max(16, (Position - start) * 2));
                while (Position < _text.Length)
                {
                    var c = _text[Position++];
                    if (c == '"') return builder.ToString();
                    if (c < ' ') throw Error("A control character must be escaped in a string.");
                    if (c != '\\')
                    {
                        builder.Append(c);
                        continue;
                    }
                    if (Position >= _text.Length) break;
                    var e = _text[Position++];
                    switch (e)
                    {
                        case '"': builder.Append('"'); break;
                        case '\\': builder.Append('\\'); break;
                        case '/': builder.Append('/'); break;
                        case 'b': builder.Append('\b'); break;
                        case 'f': builder.Append('\f'); break;
                        case 'n': builder.Append('\n'); break;
                        case 'r': builder.Append('\r'); break;
                        case 't': builder.Append('\t'); break;
                        case 'u':
                            if (Position + 4 > _text.Length) throw Error("Incomplete \\u escape.");
                            int code;
                            if (!int.TryParse(_text.Substring(Position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out code)) throw Error("Invalid \\u escape.");
                            builder.Append((char)code);
                            Position += 4;
                            break;
                        default: throw Error("'" + e + "' is not a valid escapable character within a JSON string.");
                    }
                }
                throw Error("Expected end of string, but instead reached end of data.");
            }

            private object NumberValue()
            {
                var start = Position;
                var integral = true;
                if (_text[Position] == '-') Position++;
                while (Position < _text.Length)
                {
                    var c = _text[Position];
                    if (c >= '0' && c <= '9') { Position++; continue; }
                    if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') { integral = false; Position++; continue; }
                    break;
                }
                var token = _text.Substring(start, Position - start);
                if (integral)
                {
                    int small;
                    if (int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out small)) return small;
                    long big;
                    if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out big)) return big;
                }
                double d;
                if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out d)) throw Error("'" + token + "' is an invalid number.");
                return d;
            }
        }

        // ------------------------------------------------------------ to .NET types

        public static object Convert(object node, Type type, string path, JsonRules rules)
        {
            if (type == typeof(object)) return node;
            var underlying = Nullable.GetUnderlyingType(type);
            if (node == null)
            {
                if (!type.IsValueType || underlying != null) return null;
                throw new FormatException("The JSON value null could not be converted to " + type.FullName + ". Path: " + path + ".");
            }
            if (underlying != null) type = underlying;

            if (type == typeof(string))
            {
                var s = node as string;
                if (s == null) throw Mismatch(node, type, path);
                return s;
            }
            if (type == typeof(bool))
            {
                if (!(node is bool)) throw Mismatch(node, type, path);
                return node;
            }
            if (type.IsEnum)
            {
                if (node is string) return Enum.Parse(type, (string)node, true);
                if (!IsNumber(node)) throw Mismatch(node, type, path);
                return Enum.ToObject(type, System.Convert.ToInt64(node, CultureInfo.InvariantCulture));
            }
            if (type.IsPrimitive || type == typeof(decimal))
            {
                if (type == typeof(char))
                {
                    var s = node as string;
                    if (s == null || s.Length != 1) throw Mismatch(node, type, path);
                    return s[0];
                }
                if (!IsNumber(node)) throw Mismatch(node, type, path);
                if ((type != typeof(double) && type != typeof(float) && type != typeof(decimal)) && node is double) throw Mismatch(node, type, path);
                try
                {
                    return System.Convert.ChangeType(node, type, CultureInfo.InvariantCulture);
                }
                catch (OverflowException)
                {
                    throw Mismatch(node, type, path);
                }
            }
            if (type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid) || type == typeof(TimeSpan))
            {
                var s = node as string;
                if (s == null) throw Mismatch(node, type, path);
                if (type == typeof(Guid)) return Guid.Parse(s);
                if (type == typeof(TimeSpan)) return TimeSpan.Parse(s, CultureInfo.InvariantCulture);
                if (type == typeof(DateTimeOffset)) return DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                return DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            }
            if (type == typeof(byte[]))
            {
                var s = node as string;
                if (s == null) throw Mismatch(node, type, path);
                return System.Convert.FromBase64String(s);
            }
            if (type == typeof(MemoryStream) || type == typeof(Stream))
            {
                var s = node as string;
                if (s == null) throw Mismatch(node, type, path);
                return new MemoryStream(System.Convert.FromBase64String(s));
            }

            var dictionaryTypes = DictionaryTypes(type);
            if (dictionaryTypes != null)
            {
                var source = node as Dictionary<string, object>;
                if (source == null) throw Mismatch(node, type, path);
                var concrete = type.IsInterface ? typeof(Dictionary<,>).MakeGenericType(dictionaryTypes) : type;
                var target = (IDictionary)Activator.CreateInstance(concrete);
                foreach (var pair in source)
                {
                    object key = pair.Key;
                    if (dictionaryTypes[0] != typeof(string)) key = System.Convert.ChangeType(pair.Key, dictionaryTypes[0], CultureInfo.InvariantCulture);
                    target[key] = Convert(pair.Value, dictionaryTypes[1], path + "." + pair.Key, rules);
                }
                return target;
            }

            var elementType = ElementType(type);
            if (elementType != null)
            {
                var source = node as List<object>;
                if (source == null) throw Mismatch(node, type, path);
                var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType));
                for (var i = 0; i < source.Count; i++) list.Add(Convert(source[i], elementType, path + "[" + i + "]", rules));
                if (type.IsArray)
                {
                    var array = Array.CreateInstance(elementType, list.Count);
                    list.CopyTo(array, 0);
                    return array;
                }
                if (type.IsInterface || type == list.GetType()) return list;
                var collection = Activator.CreateInstance(type);
                var add = type.GetMethod("Add", new[] { elementType });
                foreach (var item in list) add.Invoke(collection, new[] { item });
                return collection;
            }

            var fields = node as Dictionary<string, object>;
            if (fields == null) throw Mismatch(node, type, path);
            if (type.IsAbstract || type.IsInterface) throw new NotSupportedException("Deserialization of interface or abstract types is not supported. Type '" + type.FullName + "'. Path: " + path + ".");
            var instance = Activator.CreateInstance(type);
            var properties = Properties(type, rules);
            foreach (var pair in fields)
            {
                PropertyInfo property;
                if (!properties.TryGetValue(pair.Key, out property)) continue; // unknown names are skipped
                var setter = property.GetSetMethod();
                if (setter == null) continue;
                property.SetValue(instance, Convert(pair.Value, property.PropertyType, path + "." + pair.Key, rules), null);
            }
            return instance;
        }

        private static bool IsNumber(object node)
        {
            return node is int || node is long || node is double;
        }

        private static Exception Mismatch(object node, Type type, string path)
        {
            return new FormatException("The JSON value could not be converted to " + FriendlyName(type) + ". Path: " + path + ".");
        }

        private static string FriendlyName(Type type)
        {
            return type.FullName ?? type.Name;
        }

        /// <summary>The JSON name of a property: [JsonPropertyName] first, then the naming policy.</summary>
        public static string NameOf(PropertyInfo property, JsonRules rules)
        {
            var named = (System.Text.Json.Serialization.JsonPropertyNameAttribute)Attribute.GetCustomAttribute(property, typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute));
            if (named != null) return named.Name;
            return rules.Name != null ? rules.Name(property.Name) : property.Name;
        }

        public static bool Ignored(PropertyInfo property)
        {
            return property.GetIndexParameters().Length > 0 || Attribute.IsDefined(property, typeof(System.Text.Json.Serialization.JsonIgnoreAttribute));
        }

        private static Dictionary<string, PropertyInfo> Properties(Type type, JsonRules rules)
        {
            var found = new Dictionary<string, PropertyInfo>(rules.CaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (Ignored(property)) continue;
                var name = NameOf(property, rules);
                if (!found.ContainsKey(name)) found[name] = property;
            }
            return found;
        }

        internal static Type[] DictionaryTypes(Type type)
        {
            if (type.IsGenericType)
            {
                var definition = type.GetGenericTypeDefinition();
                if (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>)) return type.GetGenericArguments();
            }
            return null;
        }

        private static Type ElementType(Type type)
        {
            if (type.IsArray) return type.GetElementType();
            if (type.IsGenericType)
            {
                var definition = type.GetGenericTypeDefinition();
                if (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IEnumerable<>) || definition == typeof(ICollection<>)
                    || definition == typeof(IReadOnlyList<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(HashSet<>))
                {
                    return type.GetGenericArguments()[0];
                }
            }
            return null;
        }

        /// <summary>As System.Text.Json's camelCase policy: "Message" to "message", "URLPath" to "urlPath".</summary>
        public static string CamelCase(string name)
        {
            if (string.IsNullOrEmpty(name) || !char.IsUpper(name[0])) return name;
            var chars = name.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (i == 1 && !char.IsUpper(chars[i])) break;
                var hasNext = i + 1 < chars.Length;
                if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
                {
                    if (chars[i + 1] == ' ') chars[i] = char.ToLowerInvariant(chars[i]);
                    break;
                }
                chars[i] = char.ToLowerInvariant(chars[i]);
            }
            return new string(chars);
        }

        public static void WriteString(StringBuilder builder, string value)
        {
            builder.Append('"');
            var start = 0;
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                string escape = null;
                switch (c)
                {
                    case '"': escape = "\\\""; break;
                    case '\\': escape = "\\\\"; break;
                    case '\n': escape = "\\n"; break;
                    case '\r': escape = "\\r"; break;
                    case '\t': escape = "\\t"; break;
                    case '\b': escape = "\\b"; break;
                    case '\f': escape = "\\f"; break;
                    default:
                        if (c < ' ' || c == '\u007f' || c == '\u2028' || c == '\u2029') escape = "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
                        break;
                }
                if (escape == null) continue;
                builder.Append(value, start, i - start);
                builder.Append(escape);
                start = i + 1;
            }
            builder.Append(value, start, value.Length - start);
            builder.Append('"');
        }
    }

    /// <summary>Writes .NET values as JSON the way System.Text.Json does with the Lambda serializer's options.</summary>
    internal sealed class JsonWriter
    {
        private readonly StringBuilder _out;
        private readonly JsonRules _rules;

        public JsonWriter(StringBuilder output, JsonRules rules)
        {
            _out = output;
            _rules = rules;
        }

        private sealed class TooDeep : Exception
        {
        }

        public void Write(object value)
        {
            try
            {
                Write(value, 0);
            }
            catch (TooDeep)
            {
                // Thrown afresh here, so the error does not carry 64 identical stack frames.
                throw new InvalidOperationException("A possible object cycle was detected. This can either be due to a cycle or if the object depth is larger than the maximum allowed depth of 64.");
            }
        }

        private void Write(object value, int depth)
        {
            if (depth > 64) throw new TooDeep();
            if (value == null) { _out.Append("null"); return; }
            var s = value as string;
            if (s != null) { Json.WriteString(_out, s); return; }
            if (value is bool) { _out.Append((bool)value ? "true" : "false"); return; }
            if (value is char) { Json.WriteString(_out, value.ToString()); return; }
            if (value is double || value is float)
            {
                var d = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(d) || double.IsInfinity(d)) throw new ArgumentException(".NET number values such as positive and negative infinity cannot be written as valid JSON.");
                _out.Append(value is float ? ((float)value).ToString("R", CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture));
                return;
            }
            if (value is Enum) { _out.Append(System.Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)); return; }
            if (value is int || value is long || value is short || value is byte || value is sbyte || value is uint || value is ulong || value is ushort || value is decimal)
            {
                _out.Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                return;
            }
            if (value is DateTime)
            {
                var date = (DateTime)value;
                Json.WriteString(_out, date.ToString(date.Kind == DateTimeKind.Utc ? "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'" : date.Kind == DateTimeKind.Local ? "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
                return;
            }
            if (value is DateTimeOffset) { Json.WriteString(_out, ((DateTimeOffset)value).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)); return; }
            if (value is Guid || value is TimeSpan || value is Uri) { Json.WriteString(_out, ((object)value).ToString()); return; }
            var bytes = value as byte[];
            if (bytes != null) { Json.WriteString(_out, System.Convert.ToBase64String(bytes)); return; }
            var memory = value as MemoryStream;
            if (memory != null) { Json.WriteString(_out, System.Convert.ToBase64String(memory.ToArray())); return; }

            var dictionary = value as IDictionary;
            if (dictionary != null)
            {
                _out.Append('{');
                var first = true;
                foreach (DictionaryEntry entry in dictionary)
                {
                    // IgnoreNullValues (the Lambda serializer's) leaves null dictionary values out too.
                    if (entry.Value == null && _rules.IgnoreNulls) continue;
                    if (!first) _out.Append(',');
                    first = false;
                    Json.WriteString(_out, System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture));
                    _out.Append(':');
                    Write(entry.Value, depth + 1);
                }
                _out.Append('}');
                return;
            }
            var sequence = value as IEnumerable;
            if (sequence != null)
            {
                _out.Append('[');
                var first = true;
                foreach (var item in sequence)
                {
                    if (!first) _out.Append(',');
                    first = false;
                    Write(item, depth + 1);
                }
                _out.Append(']');
                return;
            }

            var type = value.GetType();
            if (typeof(Delegate).IsAssignableFrom(type) || typeof(Stream).IsAssignableFrom(type) || typeof(Type).IsAssignableFrom(type) || typeof(MemberInfo).IsAssignableFrom(type))
            {
                throw new NotSupportedException("Serialization and deserialization of '" + type.FullName + "' instances are not supported.");
            }
            _out.Append('{');
            var firstProperty = true;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (Json.Ignored(property) || property.GetGetMethod() == null) continue;
                var item = property.GetValue(value, null);
                if (item == null && _rules.IgnoreNulls) continue;
                if (!firstProperty) _out.Append(',');
                firstProperty = false;
                Json.WriteString(_out, Json.NameOf(property, _rules));
                _out.Append(':');
                Write(item, depth + 1);
            }
            _out.Append('}');
        }
    }
}

namespace Amazon.Lambda.Dojo
{
    /// <summary>How one serializer names, matches and leaves out properties.</summary>
    internal sealed class JsonRules
    {
        public Func<string, string> Name;
        public bool IgnoreNulls;
        public bool CaseInsensitive;
    }
}

// The most used part of System.Text.Json, which .NET 8 has and Mono does not: JsonSerializer
// with its default rules (names as declared and matched exactly, nulls written), the options
// a handler most often sets, and the attributes that rename or leave out a property.
namespace System.Text.Json
{
    using Amazon.Lambda.Dojo;

    public class JsonException : Exception
    {
        public JsonException() { }
        public JsonException(string message) : base(message) { }
        public JsonException(string message, Exception innerException) : base(message, innerException) { }
    }

    public abstract class JsonNamingPolicy
    {
        public static JsonNamingPolicy CamelCase { get { return new CamelCasePolicy(); } }

        public abstract string ConvertName(string name);

        private sealed class CamelCasePolicy : JsonNamingPolicy
        {
            public override string ConvertName(string name)
            {
                return Json.CamelCase(name);
            }
        }
    }

    public sealed class JsonSerializerOptions
    {
        public bool PropertyNameCaseInsensitive { get; set; }
        public JsonNamingPolicy PropertyNamingPolicy { get; set; }
        public bool WriteIndented { get; set; }
        public Serialization.JsonIgnoreCondition DefaultIgnoreCondition { get; set; }

        internal JsonRules Rules()
        {
            var policy = PropertyNamingPolicy;
            return new JsonRules
            {
                Name = policy == null ? (Func<string, string>)null : policy.ConvertName,
                CaseInsensitive = PropertyNameCaseInsensitive,
                IgnoreNulls = DefaultIgnoreCondition == Serialization.JsonIgnoreCondition.WhenWritingNull,
            };
        }
    }

    public static class JsonSerializer
    {
        private static readonly JsonSerializerOptions Defaults = new JsonSerializerOptions();

        public static string Serialize<TValue>(TValue value, JsonSerializerOptions options = null)
        {
            return Serialize((object)value, typeof(TValue), options);
        }

        public static string Serialize(object value, Type inputType, JsonSerializerOptions options = null)
        {
            var builder = new StringBuilder();
            try
            {
                new JsonWriter(builder, (options ?? Defaults).Rules()).Write(value);
            }
            catch (InvalidOperationException e)
            {
                throw new JsonException(e.Message, e);
            }
            return builder.ToString();
        }

        public static TValue Deserialize<TValue>(string json, JsonSerializerOptions options = null)
        {
            return (TValue)Deserialize(json, typeof(TValue), options);
        }

        public static object Deserialize(string json, Type returnType, JsonSerializerOptions options = null)
        {
            if (json == null) throw new ArgumentNullException("json");
            try
            {
                return Json.Convert(Json.Parse(json), returnType, "$", (options ?? Defaults).Rules());
            }
            catch (FormatException e)
            {
                throw new JsonException(e.Message, e);
            }
            catch (OverflowException e)
            {
                throw new JsonException(e.Message, e);
            }
        }
    }
}

namespace System.Text.Json.Serialization
{
    public enum JsonIgnoreCondition { Never = 0, Always = 1, WhenWritingDefault = 2, WhenWritingNull = 3 }

    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
    public sealed class JsonPropertyNameAttribute : Attribute
    {
        public JsonPropertyNameAttribute(string name)
        {
            Name = name;
        }

        public string Name { get; private set; }
    }

    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
    public sealed class JsonIgnoreAttribute : Attribute
    {
    }
}
