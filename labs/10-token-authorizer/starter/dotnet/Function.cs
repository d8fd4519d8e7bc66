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

            // TODO: allow every order of the API's stage (GET and PUT), deny DELETE with an explicit
            // Deny, and pass the caller's id on to the backend in the context.
            var answer = new APIGatewayCustomAuthorizerResponse { PrincipalID = userId };
            answer.PolicyDocument.Statement.Add(new APIGatewayCustomAuthorizerPolicy.IAMPolicyStatement
            {
                Effect = "Allow",
                Action = new HashSet<string> { "execute-api:Invoke" },
                Resource = new HashSet<string> { request.MethodArn },
            });
            return answer;
        }
    }
}
