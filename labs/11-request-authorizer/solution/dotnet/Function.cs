using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Core;
using LambdaDojo.DynamoDB;

namespace Lab
{
    public class Function
    {
        // The table's name comes from the configuration. On AWS the lookup would use the AWS SDK
        // for .NET (AmazonDynamoDBClient.GetItemAsync); here the runtime's DynamoDbHelper makes
        // the same call.
        private static readonly string TableName = Environment.GetEnvironmentVariable("TABLE_NAME");

        // As Lambda's serializer reads and writes: names in any case in, no nulls out.
        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            PropertyNameCaseInsensitive = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        // Both APIs call this one function with events of two shapes, so it reads the event itself.
        public Stream FunctionHandler(Stream input, ILambdaContext context)
        {
            string text;
            using (var reader = new StreamReader(input, Encoding.UTF8)) text = reader.ReadToEnd();
            var fields = JsonSerializer.Deserialize<Dictionary<string, object>>(text, Json);
            object answer = fields.ContainsKey("methodArn")
                ? (object)Connect(JsonSerializer.Deserialize<APIGatewayCustomAuthorizerRequest>(text, Json))
                : Request(JsonSerializer.Deserialize<APIGatewayCustomAuthorizerV2Request>(text, Json));
            return new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(answer, answer.GetType(), Json)));
        }

        // A WebSocket $connect (and a REST API) sends MethodArn and reads an IAM policy.
        private static APIGatewayCustomAuthorizerResponse Connect(APIGatewayCustomAuthorizerRequest request)
        {
            var device = Get(request.QueryStringParameters, "device");
            var userId = CallerOf(Header(request.Headers, "x-api-key"), device);
            if (userId == null) throw new Exception("Unauthorized");
            var answer = new APIGatewayCustomAuthorizerResponse { PrincipalID = userId, Context = new APIGatewayCustomAuthorizerContextOutput() };
            answer.PolicyDocument.Statement.Add(new APIGatewayCustomAuthorizerPolicy.IAMPolicyStatement
            {
                Effect = "Allow",
                Action = new HashSet<string> { "execute-api:Invoke" },
                Resource = new HashSet<string> { request.MethodArn },
            });
            answer.Context["userId"] = userId;
            answer.Context["device"] = device;
            return answer;
        }

        // An HTTP API with payload format 2.0 and simple responses reads yes or no.
        private static APIGatewayCustomAuthorizerV2SimpleResponse Request(APIGatewayCustomAuthorizerV2Request request)
        {
            var device = Get(request.QueryStringParameters, "device");
            var userId = CallerOf(Header(request.Headers, "x-api-key"), device);
            if (userId == null) return new APIGatewayCustomAuthorizerV2SimpleResponse { IsAuthorized = false };
            return new APIGatewayCustomAuthorizerV2SimpleResponse
            {
                IsAuthorized = true,
                Context = new Dictionary<string, object> { { "userId", userId }, { "device", device } },
            };
        }

        // The caller's user id when the API key is known and registered for this device; otherwise null.
        private static string CallerOf(string apiKey, string device)
        {
            if (string.IsNullOrEmpty(apiKey) || string.IsNullOrEmpty(device)) return null;
            var item = DynamoDbHelper.GetItem(TableName, new Dictionary<string, object> { { "apiKey", apiKey } });
            if (item == null || (string)item["device"] != device) return null;
            return (string)item["userId"];
        }

        // A header by name in any case: HTTP API's payload 2.0 lower-cases names, WebSocket events keep the client's.
        private static string Header(IDictionary<string, string> headers, string name)
        {
            if (headers == null) return null;
            foreach (var pair in headers) if (pair.Key.ToLowerInvariant() == name) return pair.Value;
            return null;
        }

        private static string Get(IDictionary<string, string> values, string name)
        {
            string value;
            return values != null && values.TryGetValue(name, out value) ? value : null;
        }
    }
}
