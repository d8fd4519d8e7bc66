// Lab 1: hello handler.
using Amazon.Lambda.Core;

// Turns the event's JSON into the handler's parameter, and its return value into JSON with
// camelCase names. (DefaultLambdaJsonSerializer would keep the names as declared: "Message".)
[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer))]

namespace Lab
{
    // The event, for example {"name": "Ada"}: JSON names match properties whatever their case.
    public class Request
    {
        public string Name { get; set; }
    }

    // Goes out as {"message": "...", "coldStart": false}: the serializer above camel-cases the names.
    public class Response
    {
        public string Message { get; set; }
        public bool ColdStart { get; set; }
    }

    public class Function
    {
        // Static fields are set up once per execution environment: during init, the cold start.

        // Lambda calls the handler once per invocation.
        public Response FunctionHandler(Request request, ILambdaContext context)
        {
            // Your code here: greet request.Name ("world" when there is none), log a line that
            // mentions the name, and return ColdStart = true or false.
            return new Response { Message = "Hello, world!" };
        }
    }
}
