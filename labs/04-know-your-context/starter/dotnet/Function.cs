// Lab 4: know your context.
// Lambda passes a context object (ILambdaContext) as the handler's second argument: facts about
// this invocation and this function that the event does not carry.
using System;
using System.IO;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer))]

namespace Lab
{
    // Goes out as {"requestId": ..., "functionName": ..., "remainingMs": ..., "deadlineMs": ...}.
    public class Response
    {
        public string RequestId { get; set; }
        public string FunctionName { get; set; }
        public long? RemainingMs { get; set; }   // milliseconds left before the timeout
        public long? DeadlineMs { get; set; }    // the moment of the timeout, in milliseconds since 1970
    }

    public class Function
    {
        public Response FunctionHandler(Stream input, ILambdaContext context)
        {
            // Your code here: fill these in from the context object, and log the request id in a
            // JSON line, for example {"requestId": "...", "message": "Handling a request"}.
            Console.WriteLine("Handling a request");
            return new Response { RequestId = null, FunctionName = null, RemainingMs = null, DeadlineMs = null };
        }
    }
}
