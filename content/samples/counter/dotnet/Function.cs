using System;
using System.Collections.Generic;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Counter
{
    public class Function
    {
        // Static fields are set once per execution environment, when Init loads the class.
        private static readonly string StartedAt = DateTime.UtcNow.ToString("o");
        private static int invocations;

        public Dictionary<string, object> FunctionHandler(Dictionary<string, object> input, ILambdaContext context)
        {
            invocations++; // still counting on a warm start
            return new Dictionary<string, object> { { "startedAt", StartedAt }, { "invocations", invocations } };
        }
    }
}
