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

        public APIGatewayCustomAuthorizerResponse FunctionHandler(APIGatewayCustomAuthorizerRequest request, ILambdaContext context)
        {
            // "Bearer <token>": anything else is not a token of ours.
            var header = request.AuthorizationToken ?? "";
            var token = header.StartsWith("Bearer ") ? header.Substring("Bearer ".Length) : "";
            if (token.Length == 0 || token.Contains(" ")) throw new Exception("Unauthorized");

            var item = DynamoDbHelper.GetItem(TableName, new Dictionary<string, object> { { "token", token } });
            // The exact message "Unauthorized" is what API Gateway turns into a 401.
            if (item == null) throw new Exception("Unauthorized");
            var userId = (string)item["userId"];

            // arn:aws:execute-api:region:account:api/stage/VERB/path: the policy names every order of
            // this API and stage, not only this request's method, because API Gateway caches it for
            // the token and applies it to the caller's next requests too.
            var parts = request.MethodArn.Split('/');
            var orders = parts[0] + "/" + parts[1] + "/";
            var answer = new APIGatewayCustomAuthorizerResponse { PrincipalID = userId, Context = new APIGatewayCustomAuthorizerContextOutput() };
            answer.PolicyDocument.Statement.Add(Statement("Allow", orders + "*/orders/*"));
            // An explicit Deny wins over the Allow above.
            answer.PolicyDocument.Statement.Add(Statement("Deny", orders + "DELETE/orders/*"));
            answer.Context["userId"] = userId;
            return answer;
        }

        private static APIGatewayCustomAuthorizerPolicy.IAMPolicyStatement Statement(string effect, string resource)
        {
            return new APIGatewayCustomAuthorizerPolicy.IAMPolicyStatement
            {
                Effect = effect,
                Action = new HashSet<string> { "execute-api:Invoke" },
                Resource = new HashSet<string> { resource },
            };
        }
    }
}
