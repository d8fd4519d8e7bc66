using System;
using System.Collections.Generic;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Core;
using LambdaDojo.DynamoDB;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Lab
{
    public class Function
    {
        // The table's name comes from the configuration. On AWS the lookup would use the AWS SDK
        // for .NET (AmazonDynamoDBClient.GetItemAsync); here the runtime's DynamoDbHelper makes
        // the same call.
        private static readonly string TableName = Environment.GetEnvironmentVariable("TABLE_NAME");

        public APIGatewayCustomAuthorizerV2SimpleResponse FunctionHandler(APIGatewayCustomAuthorizerV2Request request, ILambdaContext context)
        {
            string apiKey;
            if (request.Headers == null || !request.Headers.TryGetValue("x-api-key", out apiKey)) return new APIGatewayCustomAuthorizerV2SimpleResponse { IsAuthorized = false };
            var item = DynamoDbHelper.GetItem(TableName, new Dictionary<string, object> { { "apiKey", apiKey } });
            if (item == null) return new APIGatewayCustomAuthorizerV2SimpleResponse { IsAuthorized = false };

            // TODO: the key must be registered for the device in the query string (the item's device),
            // and a WebSocket $connect event (it has a MethodArn) needs an IAM policy, not a simple response.
            return new APIGatewayCustomAuthorizerV2SimpleResponse
            {
                IsAuthorized = true,
                Context = new Dictionary<string, object> { { "userId", (string)item["userId"] } },
            };
        }
    }
}
