// Lambda Dojo: .NET values to JSON text, as System.Text.Json writes them.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace Amazon.Lambda.Dojo
{
    internal static partial class Json
    {
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
