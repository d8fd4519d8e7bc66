using System;
using System.Collections.Generic;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Batch
{
    public class Function
    {
        public Dictionary<string, object> FunctionHandler(Dictionary<string, List<string>> input, ILambdaContext context)
        {
            var processed = 0;
            List<string> items;
            if (!input.TryGetValue("items", out items)) items = new List<string>();
            foreach (var item in items)
            {
                // Keep a margin to answer before the timeout ends the invocation.
                if (context.RemainingTime < TimeSpan.FromMilliseconds(500)) break;
                ProcessItem(item);
                processed++;
            }
            context.Logger.LogLine(context.FunctionName + " processed " + processed + " items");
            return new Dictionary<string, object> { { "processed", processed }, { "requestId", context.AwsRequestId } };
        }

        private static void ProcessItem(string item) { } // your real work
    }
}
