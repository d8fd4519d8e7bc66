// Lab 3: event in, response out.
// API Gateway (REST API, Lambda proxy integration) sends each HTTP request as the event, and
// turns what the handler returns into the HTTP response.
using System.Collections.Generic;
using System.Text.Json;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Lab
{
    // The parts of the event this lab needs; Body is the request body as a string (or null).
    public class ProxyRequest
    {
        public string HttpMethod { get; set; }
        public string Path { get; set; }
        public Dictionary<string, string> Headers { get; set; }
        public string Body { get; set; }
    }

    // Goes out as {"statusCode": ..., "headers": {...}, "body": "..."}.
    public class ProxyResponse
    {
        public int StatusCode { get; set; }
        public Dictionary<string, string> Headers { get; set; }
        public string Body { get; set; }
    }

    public class Function
    {
        public ProxyResponse FunctionHandler(ProxyRequest request, ILambdaContext context)
        {
            // Your code here: read the order from request.Body (JsonSerializer.Deserialize), answer
            // 201 with the accepted order, 400 when the body is not a valid order, and throw an
            // OutOfStockError for unicorns.
            return new ProxyResponse
            {
                StatusCode = 501,
                Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
                Body = JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = "This function does not take orders yet" }),
            };
        }
    }
}
