using System;
using System.Collections.Generic;
using System.Text.Json;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Orders
{
    public class Function
    {
        public Dictionary<string, bool> FunctionHandler(Dictionary<string, object> input, ILambdaContext context)
        {
            var line = new Dictionary<string, string> { { "level", "info" }, { "requestId", context.AwsRequestId }, { "message", "order received" } };
            Console.WriteLine(JsonSerializer.Serialize(line));
            return new Dictionary<string, bool> { { "ok", true } };
        }
    }
}
