using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer))]

namespace Lab
{
    public class Response
    {
        public string RequestId { get; set; }
        public string FunctionName { get; set; }
        public long? RemainingMs { get; set; }
        public long? DeadlineMs { get; set; }
    }

    public class Function
    {
        public Response FunctionHandler(Stream input, ILambdaContext context)
        {
            var remainingMs = (long)context.RemainingTime.TotalMilliseconds;
            var deadlineMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + remainingMs;
            // One JSON object per line, so a log query can filter on requestId.
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["requestId"] = context.AwsRequestId,
                ["message"] = "Handling a request",
                ["remainingMs"] = remainingMs,
            }));
            return new Response
            {
                RequestId = context.AwsRequestId,
                FunctionName = context.FunctionName,
                RemainingMs = remainingMs,
                DeadlineMs = deadlineMs,
            };
        }
    }
}
