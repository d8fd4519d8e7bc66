// Lambda Dojo: the serializers of Amazon.Lambda.Serialization.SystemTextJson that a handler names
// in [LambdaSerializer], with the options AWS's package sets (upstream.ts names the version).
// Source: aws/aws-lambda-dotnet Libraries/src/Amazon.Lambda.Serialization.SystemTextJson/
// AwsNamingPolicy.cs, AbstractLambdaJsonSerializer.cs (CreateDefaultJsonSerializationOptions),
// DefaultLambdaJsonSerializer.cs and CamelCaseLambdaJsonSerializer.cs.

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.Lambda.Core;
using Amazon.Lambda.Dojo;

namespace Amazon.Lambda.Serialization.SystemTextJson
{
    public class JsonSerializerException : Exception
    {
        public JsonSerializerException(string message) : base(message) { }
        public JsonSerializerException(string message, Exception inner) : base(message, inner) { }
    }

    /// <summary>
    /// As AWS's AwsNamingPolicy: two S3 names that no policy could produce are mapped; every other
    /// name goes to the fallback policy, or stays as declared when there is none.
    /// </summary>
    public class AwsNamingPolicy : JsonNamingPolicy
    {
        private static readonly Dictionary<string, string> CustomNames = new Dictionary<string, string>
        {
            { "XAmzId2", "x-amz-id-2" },
            { "XAmzRequestId", "x-amz-request-id" },
        };

        private readonly JsonNamingPolicy _fallbackNamingPolicy;

        public AwsNamingPolicy()
        {
        }

        public AwsNamingPolicy(JsonNamingPolicy fallbackNamingPolicy)
        {
            _fallbackNamingPolicy = fallbackNamingPolicy;
        }

        public override string ConvertName(string name)
        {
            string mapped;
            if (CustomNames.TryGetValue(name, out mapped)) return mapped;
            return _fallbackNamingPolicy != null ? _fallbackNamingPolicy.ConvertName(name) : name;
        }
    }

    /// <summary>
    /// As AWS's DefaultLambdaJsonSerializer: property names out as declared (AwsNamingPolicy with no
    /// fallback), names in matched in any case, null properties left out. [JsonPropertyName] wins.
    /// </summary>
    public class DefaultLambdaJsonSerializer : ILambdaSerializer
    {
        /// <summary>The options used to serialize JSON objects (a subclass may read them).</summary>
        protected JsonSerializerOptions SerializerOptions { get; private set; }

        public DefaultLambdaJsonSerializer() : this(null)
        {
        }

        /// <summary>The defaults first, then the customizer may change them, as in AWS's package.</summary>
        public DefaultLambdaJsonSerializer(Action<JsonSerializerOptions> customizer)
        {
            SerializerOptions = new JsonSerializerOptions
            {
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
                PropertyNameCaseInsensitive = true,
                PropertyNamingPolicy = new AwsNamingPolicy(),
            };
            if (customizer != null) customizer(SerializerOptions);
        }

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
                return (T)Json.Convert(node, typeof(T), "$", SerializerOptions.Rules());
            }
            catch (Exception e)
            {
                throw new JsonSerializerException("Error converting the Lambda event JSON payload to type " + typeof(T).FullName + ": " + e.Message, e);
            }
        }

        public void Serialize<T>(T response, Stream responseStream)
        {
            string text;
            try
            {
                var builder = new StringBuilder();
                new JsonWriter(builder, SerializerOptions.Rules()).Write(response);
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

    /// <summary>As AWS's CamelCaseLambdaJsonSerializer: the default one with camelCase names out.</summary>
    public class CamelCaseLambdaJsonSerializer : DefaultLambdaJsonSerializer
    {
        public CamelCaseLambdaJsonSerializer() : base(options => options.PropertyNamingPolicy = new AwsNamingPolicy(JsonNamingPolicy.CamelCase))
        {
        }
    }
}
