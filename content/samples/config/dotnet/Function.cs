using System;
using System.Collections.Generic;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Hello
{
    public class Function
    {
        // Static fields are read once per execution environment, when Init loads the class.
        private static readonly string TableName = Required("TABLE_NAME");
        private static readonly string Greeting = Environment.GetEnvironmentVariable("GREETING") ?? "Hello";

        private static string Required(string key)
        {
            var value = Environment.GetEnvironmentVariable(key);
            if (string.IsNullOrEmpty(value)) throw new InvalidOperationException("Missing environment variable " + key);
            return value;
        }

        public Dictionary<string, string> FunctionHandler(Dictionary<string, string> input, ILambdaContext context)
        {
            string name;
            if (!input.TryGetValue("name", out name)) name = "world";
            return new Dictionary<string, string> { { "table", TableName }, { "message", Greeting + ", " + name + "!" } };
        }
    }
}
