using System;
using System.Collections.Generic;
using System.Text.Json;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Lab
{
    public class Order
    {
        public string Item { get; set; }
        public int? Quantity { get; set; }
    }

    // Thrown, not answered: an order the shop cannot serve is an error worth an alarm.
    // Lambda reports the exception's class name as the errorType.
    public class OutOfStockError : Exception
    {
        public OutOfStockError(string message) : base(message)
        {
        }
    }

    public class Function
    {
        private static readonly JsonSerializerOptions Names = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };

        private static APIGatewayProxyResponse Respond(int statusCode, object body)
        {
            return new APIGatewayProxyResponse
            {
                StatusCode = statusCode,
                Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
                Body = JsonSerializer.Serialize(body),
            };
        }

        private static APIGatewayProxyResponse BadRequest(string error)
        {
            return Respond(400, new Dictionary<string, string> { ["error"] = error });
        }

        public APIGatewayProxyResponse FunctionHandler(APIGatewayProxyRequest request, ILambdaContext context)
        {
            Order order;
            try
            {
                // A quantity that is not a whole number ("two", 2.5) fails here too.
                order = JsonSerializer.Deserialize<Order>(request.Body ?? "", Names);
            }
            catch (JsonException)
            {
                return BadRequest("The body must be a JSON order, for example {\"item\": \"tea\", \"quantity\": 2}");
            }
            if (order == null) return BadRequest("The body must be a JSON object");
            if (string.IsNullOrEmpty(order.Item)) return BadRequest("item must be a non-empty string");
            if (order.Quantity == null || order.Quantity < 1) return BadRequest("quantity must be a whole number of at least 1");
            if (order.Item == "unicorn") throw new OutOfStockError($"Sorry, we are out of {order.Item}");
            return Respond(201, new Dictionary<string, object> { ["item"] = order.Item, ["quantity"] = order.Quantity, ["status"] = "accepted" });
        }
    }
}
