// Lambda Dojo: the most used part of System.Text.Json, which .NET has and Mono does not.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

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
