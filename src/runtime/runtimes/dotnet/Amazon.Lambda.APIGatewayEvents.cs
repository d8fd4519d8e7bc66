// Lambda Dojo: the API Gateway REST API proxy types of Amazon.Lambda.APIGatewayEvents, with the
// names, shapes and [JsonPropertyName]s of AWS's package (upstream.ts names the version).
// Source: aws/aws-lambda-dotnet Libraries/src/Amazon.Lambda.APIGatewayEvents/APIGatewayProxyRequest.cs,
// APIGatewayProxyResponse.cs and APIGatewayCustomAuthorizerContext.cs.
//
// The request has no [JsonPropertyName]s upstream either: the Lambda serializers match names in
// any case, so "httpMethod" fills HttpMethod. The response has them, so that it reaches API
// Gateway as {"statusCode", "headers", "body", ...} whichever serializer writes it.

using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Amazon.Lambda.APIGatewayEvents
{
    /// <summary>The event API Gateway's REST API sends through a Lambda proxy integration (payload format 1.0).</summary>
    public class APIGatewayProxyRequest
    {
        public string Resource { get; set; }
        public string Path { get; set; }
        public string HttpMethod { get; set; }
        public IDictionary<string, string> Headers { get; set; }
        public IDictionary<string, IList<string>> MultiValueHeaders { get; set; }
        public IDictionary<string, string> QueryStringParameters { get; set; }
        public IDictionary<string, IList<string>> MultiValueQueryStringParameters { get; set; }
        public IDictionary<string, string> PathParameters { get; set; }
        public IDictionary<string, string> StageVariables { get; set; }
        public ProxyRequestContext RequestContext { get; set; }

        /// <summary>The request body as a string, or null when the request has none.</summary>
        public string Body { get; set; }

        public bool IsBase64Encoded { get; set; }

        public class ProxyRequestContext
        {
            public string Path { get; set; }
            public string AccountId { get; set; }
            public string ResourceId { get; set; }
            public string Stage { get; set; }
            public string RequestId { get; set; }
            public RequestIdentity Identity { get; set; }
            public string ResourcePath { get; set; }
            public string HttpMethod { get; set; }
            public string ApiId { get; set; }
            public string ExtendedRequestId { get; set; }
            public string ConnectionId { get; set; }
            public long ConnectedAt { get; set; }
            public string DomainName { get; set; }
            public string DomainPrefix { get; set; }
            public string EventType { get; set; }
            public string MessageId { get; set; }
            public string RouteKey { get; set; }
            public APIGatewayCustomAuthorizerContext Authorizer { get; set; }
            public string OperationName { get; set; }
            public string IntegrationLatency { get; set; }
            public string MessageDirection { get; set; }
            public string RequestTime { get; set; }
            public long RequestTimeEpoch { get; set; }
            public string Status { get; set; }
        }

        public class RequestIdentity
        {
            public string CognitoIdentityPoolId { get; set; }
            public string AccountId { get; set; }
            public string CognitoIdentityId { get; set; }
            public string Caller { get; set; }
            public string ApiKey { get; set; }
            public string ApiKeyId { get; set; }
            public string AccessKey { get; set; }
            public string SourceIp { get; set; }
            public string CognitoAuthenticationType { get; set; }
            public string CognitoAuthenticationProvider { get; set; }
            public string UserArn { get; set; }
            public string UserAgent { get; set; }
            public string User { get; set; }
            public ProxyRequestClientCert ClientCert { get; set; }
        }

        public class ProxyRequestClientCert
        {
            public string ClientCertPem { get; set; }
            public string SubjectDN { get; set; }
            public string IssuerDN { get; set; }
            public string SerialNumber { get; set; }
            public ClientCertValidity Validity { get; set; }
        }

        public class ClientCertValidity
        {
            public string NotBefore { get; set; }
            public string NotAfter { get; set; }
        }
    }

    /// <summary>What a proxy integration returns: API Gateway turns it into the HTTP response.</summary>
    public class APIGatewayProxyResponse
    {
        [JsonPropertyName("statusCode")]
        public int StatusCode { get; set; }

        /// <summary>Single-value headers; API Gateway merges them with MultiValueHeaders.</summary>
        [JsonPropertyName("headers")]
        public IDictionary<string, string> Headers { get; set; }

        [JsonPropertyName("multiValueHeaders")]
        public IDictionary<string, IList<string>> MultiValueHeaders { get; set; }

        /// <summary>The response body: a string, so JSON must be encoded into it.</summary>
        [JsonPropertyName("body")]
        public string Body { get; set; }

        [JsonPropertyName("isBase64Encoded")]
        public bool IsBase64Encoded { get; set; }
    }

    /// <summary>What a Lambda authorizer put in its context, as requestContext.authorizer: read it by key.</summary>
    public class APIGatewayCustomAuthorizerContext : Dictionary<string, object>
    {
        private Dictionary<string, string> _claims;

        /// <summary>The string values of a Cognito authorizer's "claims" object.</summary>
        public Dictionary<string, string> Claims
        {
            get
            {
                if (_claims != null) return _claims;
                _claims = new Dictionary<string, string>();
                object value;
                var claims = TryGetValue("claims", out value) ? value as IDictionary<string, object> : null;
                if (claims != null)
                {
                    foreach (var claim in claims)
                    {
                        var text = claim.Value as string;
                        if (text != null) _claims[claim.Key] = text;
                    }
                }
                return _claims;
            }
            set
            {
                _claims = value;
            }
        }
    }
}
