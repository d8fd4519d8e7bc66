// An HTTP API authorizer with simple responses (payload format 2.0): the request's headers
// arrive with lower-case names, and the answer is only yes or no, plus context.
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

        public APIGatewayCustomAuthorizerV2SimpleResponse FunctionHandler(APIGatewayCustomAuthorizerV2Request request, ILambdaContext context)
        {
            string token;
            if (request.Headers == null || !request.Headers.TryGetValue("authorization", out token)) token = "";
            if (token.StartsWith("Bearer ")) token = token.Substring("Bearer ".Length);
            string userId;
            if (!Users.TryGetValue(token, out userId)) return new APIGatewayCustomAuthorizerV2SimpleResponse { IsAuthorized = false };
            return new APIGatewayCustomAuthorizerV2SimpleResponse
            {
                IsAuthorized = true,
                Context = new Dictionary<string, object> { { "userId", userId } },
            };
        }
    }
}
