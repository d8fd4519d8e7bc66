// Lambda Dojo: JSON values (as LambdaDojo.JsonReader.cs reads them) to .NET types, with the
// naming and matching rules of the serializer in use.

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

        /// <summary>Key and value types of a dictionary type, a subclass of Dictionary included (AWS's APIGatewayCustomAuthorizerContext is one).</summary>
        internal static Type[] DictionaryTypes(Type type)
        {
            for (var current = type; current != null && current != typeof(object); current = current.BaseType)
            {
                if (!current.IsGenericType) continue;
                var definition = current.GetGenericTypeDefinition();
                if (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>)) return current.GetGenericArguments();
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
    }

    /// <summary>How one serializer names, matches and leaves out properties.</summary>
    internal sealed class JsonRules
    {
        public Func<string, string> Name;
        public bool IgnoreNulls;
        public bool CaseInsensitive;
    }
}
