// Lambda Dojo: the JSON reader behind the serializers (System.Text.Json and the Lambda ones):
// text to Dictionary<string, object>, List<object>, string, int, long, double, bool or null.

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
    /// <summary>A small JSON reader: objects become Dictionary&lt;string, object&gt;, arrays List&lt;object&gt;.</summary>
    internal static partial class Json
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
    }
}
