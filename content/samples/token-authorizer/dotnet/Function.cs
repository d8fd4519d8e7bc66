// A TOKEN authorizer: API Gateway sends the Authorization header as AuthorizationToken and the
// method's ARN as MethodArn; the answer is who the caller is and an IAM policy.
using System;
using System.Collections.Generic;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Authorizer
{
    public class Function
    {
        private static readonly Dictionary<string, string> Users = new Dictionary<string, string>
        {
            { "token-ada", "ada" },
            { "token-grace", "grace" },
        };

        public APIGatewayCustomAuthorizerResponse FunctionHandler(APIGatewayCustomAuthorizerRequest request, ILambdaContext context)
        {
            var token = request.AuthorizationToken ?? "";
            if (token.StartsWith("Bearer ")) token = token.Substring("Bearer ".Length);
            string userId;
            // This exact message makes API Gateway answer 401 instead of 500.
            if (!Users.TryGetValue(token, out userId)) throw new Exception("Unauthorized");

            // arn:aws:execute-api:region:account:apiId/stage/VERB/path -> every GET of this API and stage,
            // so a cached answer also fits the caller's next GET on another path.
            var parts = request.MethodArn.Split('/');
            var statement = new APIGatewayCustomAuthorizerPolicy.IAMPolicyStatement
            {
                Effect = "Allow",
                Action = new HashSet<string> { "execute-api:Invoke" },
                Resource = new HashSet<string> { parts[0] + "/" + parts[1] + "/GET/*" },
            };
            var answer = new APIGatewayCustomAuthorizerResponse { PrincipalID = userId, Context = new APIGatewayCustomAuthorizerContextOutput() };
            answer.PolicyDocument.Statement.Add(statement);
            answer.Context["userId"] = userId;
            return answer;
        }
    }
}
