// Lambda Dojo: the Lambda authorizer types of Amazon.Lambda.APIGatewayEvents (REST API token and
// request authorizers; HTTP API authorizers, simple and IAM responses), with the names, shapes
// and [JsonPropertyName]s of AWS's package (upstream.ts names the version).
// Source: aws/aws-lambda-dotnet Libraries/src/Amazon.Lambda.APIGatewayEvents/
// APIGatewayCustomAuthorizer{Request,Response,Policy,ContextOutput,V2Request,V2SimpleResponse,V2IamResponse}.cs.

using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Amazon.Lambda.APIGatewayEvents
{
    /// <summary>What a REST API sends a Lambda authorizer: Type "TOKEN" (AuthorizationToken) or "REQUEST" (the request's parts).</summary>
    public class APIGatewayCustomAuthorizerRequest
    {
        public string Type { get; set; }
        public string AuthorizationToken { get; set; }
        public string MethodArn { get; set; }
        public string Path { get; set; }
        public string HttpMethod { get; set; }
        public IDictionary<string, string> Headers { get; set; }
        public IDictionary<string, string> QueryStringParameters { get; set; }
        public IDictionary<string, string> PathParameters { get; set; }
        public IDictionary<string, string> StageVariables { get; set; }
        public APIGatewayProxyRequest.ProxyRequestContext RequestContext { get; set; }
    }

    /// <summary>A REST API authorizer's answer: who the caller is, an IAM policy, and context for the backend.</summary>
    public class APIGatewayCustomAuthorizerResponse
    {
        [JsonPropertyName("principalId")]
        public string PrincipalID { get; set; }

        [JsonPropertyName("policyDocument")]
        public APIGatewayCustomAuthorizerPolicy PolicyDocument { get; set; } = new APIGatewayCustomAuthorizerPolicy();

        [JsonPropertyName("context")]
        public APIGatewayCustomAuthorizerContextOutput Context { get; set; }

        [JsonPropertyName("usageIdentifierKey")]
        public string UsageIdentifierKey { get; set; }
    }

    /// <summary>An IAM policy document, its names capitalised as IAM writes them.</summary>
    public class APIGatewayCustomAuthorizerPolicy
    {
        [JsonPropertyName("Version")]
        public string Version { get; set; } = "2012-10-17";

        [JsonPropertyName("Statement")]
        public List<IAMPolicyStatement> Statement { get; set; } = new List<IAMPolicyStatement>();

        public class IAMPolicyStatement
        {
            [JsonPropertyName("Effect")]
            public string Effect { get; set; } = "Allow";

            [JsonPropertyName("Action")]
            public HashSet<string> Action { get; set; }

            [JsonPropertyName("Resource")]
            public HashSet<string> Resource { get; set; }

            [JsonPropertyName("NotResource")]
            public HashSet<string> NotResource { get; set; }

            [JsonPropertyName("Condition")]
            public IDictionary<string, IDictionary<string, object>> Condition { get; set; }
        }
    }

    /// <summary>The context an authorizer returns: string, number and boolean values by key.</summary>
    public class APIGatewayCustomAuthorizerContextOutput : Dictionary<string, object>
    {
    }

    /// <summary>What an HTTP API sends a Lambda authorizer (payload format 2.0).</summary>
    public class APIGatewayCustomAuthorizerV2Request
    {
        public string Type { get; set; }
        public string RouteArn { get; set; }
        public List<string> IdentitySource { get; set; }
        public string RouteKey { get; set; }
        public string RawPath { get; set; }
        public string RawQueryString { get; set; }
        public List<string> Cookies { get; set; }
        public Dictionary<string, string> Headers { get; set; }
        public Dictionary<string, string> QueryStringParameters { get; set; }
        public Dictionary<string, string> PathParameters { get; set; }
        public Dictionary<string, string> StageVariables { get; set; }
        public APIGatewayHttpApiV2ProxyRequest.ProxyRequestContext RequestContext { get; set; }
    }

    /// <summary>An HTTP API authorizer's simple answer (EnableSimpleResponses): allowed or not, and context.</summary>
    public class APIGatewayCustomAuthorizerV2SimpleResponse
    {
        [JsonPropertyName("isAuthorized")]
        public bool IsAuthorized { get; set; }

        [JsonPropertyName("context")]
        public Dictionary<string, object> Context { get; set; }
    }

    /// <summary>An HTTP API authorizer's IAM policy answer.</summary>
    public class APIGatewayCustomAuthorizerV2IamResponse
    {
        [JsonPropertyName("principalId")]
        public string PrincipalID { get; set; }

        [JsonPropertyName("policyDocument")]
        public APIGatewayCustomAuthorizerPolicy PolicyDocument { get; set; } = new APIGatewayCustomAuthorizerPolicy();

        [JsonPropertyName("context")]
        public Dictionary<string, object> Context { get; set; }
    }
}
