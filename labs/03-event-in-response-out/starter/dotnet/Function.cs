// Lab 3: event in, response out.
// API Gateway (REST API, Lambda proxy integration) sends each HTTP request as the event, and
// turns what the handler returns into the HTTP response.
using System.Collections.Generic;
using System.Text.Json;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Lab
{
    public class Function
    {
        // AWS's types for this event (package Amazon.Lambda.APIGatewayEvents): request.Body is the
        // request body as a string (or null). The response goes out as {"statusCode": ...,
        // "headers": {...}, "body": "..."}, the names API Gateway reads.
        public APIGatewayProxyResponse FunctionHandler(APIGatewayProxyRequest request, ILambdaContext context)
        {
            // Your code here: read the order from request.Body (JsonSerializer.Deserialize), answer
            // 201 with the accepted order, 400 when the body is not a valid order, and throw an
            // OutOfStockError for unicorns.
            return new APIGatewayProxyResponse
            {
                StatusCode = 501,
                Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
                Body = JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = "This function does not take orders yet" }),
            };
        }
    }
}
