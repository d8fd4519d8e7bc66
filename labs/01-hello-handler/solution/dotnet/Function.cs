using System;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer))]

namespace Lab
{
    public class Request
    {
        public string Name { get; set; }
    }

    public class Response
    {
        public string Message { get; set; }
        public bool ColdStart { get; set; }
    }

    public class Function
    {
        // Initialised once per execution environment, during init: true only until the first invocation.
        private static bool coldStart = true;

        public Response FunctionHandler(Request request, ILambdaContext context)
        {
            var name = string.IsNullOrEmpty(request?.Name) ? "world" : request.Name;
            var wasCold = coldStart;
            coldStart = false;
            Console.WriteLine($"Greeting {name} (cold start: {wasCold})");
            return new Response { Message = $"Hello, {name}!", ColdStart = wasCold };
        }
    }
}
