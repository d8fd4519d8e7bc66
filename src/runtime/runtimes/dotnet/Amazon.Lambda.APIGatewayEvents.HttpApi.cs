// Lambda Dojo: the HTTP API proxy types of Amazon.Lambda.APIGatewayEvents (payload format 2.0),
// with the names, shapes and [JsonPropertyName]s of AWS's package (upstream.ts names the version).
// Source: aws/aws-lambda-dotnet Libraries/src/Amazon.Lambda.APIGatewayEvents/
// APIGatewayHttpApiV2ProxyRequest.cs and APIGatewayHttpApiV2ProxyResponse.cs.

using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Amazon.Lambda.APIGatewayEvents
{
    /// <summary>The event an HTTP API sends through a Lambda integration with payload format 2.0.</summary>
    public class APIGatewayHttpApiV2ProxyRequest
    {
        public string Version { get; set; }
        public string RouteKey { get; set; }
        public string RawPath { get; set; }
        public string RawQueryString { get; set; }
        public string[] Cookies { get; set; }

        /// <summary>Header names in lower case; repeated headers joined with commas.</summary>
        public IDictionary<string, string> Headers { get; set; }

        public IDictionary<string, string> QueryStringParameters { get; set; }
        public ProxyRequestContext RequestContext { get; set; }
        public string Body { get; set; }
        public IDictionary<string, string> PathParameters { get; set; }
        public bool IsBase64Encoded { get; set; }
        public IDictionary<string, string> StageVariables { get; set; }

        public class ProxyRequestContext
        {
            public string AccountId { get; set; }
            public string ApiId { get; set; }
            public AuthorizerDescription Authorizer { get; set; }
            public string DomainName { get; set; }
            public string DomainPrefix { get; set; }
            public HttpDescription Http { get; set; }
            public string RequestId { get; set; }
            public string RouteId { get; set; }
            public string RouteKey { get; set; }
            public string Stage { get; set; }
            public string Time { get; set; }
            public long TimeEpoch { get; set; }
            public ProxyRequestAuthentication Authentication { get; set; }
        }

        public class ProxyRequestAuthentication
        {
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

        public class HttpDescription
        {
            public string Method { get; set; }
            public string Path { get; set; }
            public string Protocol { get; set; }
            public string SourceIp { get; set; }
            public string UserAgent { get; set; }
        }

        public class AuthorizerDescription
        {
            public JwtDescription Jwt { get; set; }

            /// <summary>The context a Lambda authorizer returned (requestContext.authorizer.lambda).</summary>
            public IDictionary<string, object> Lambda { get; set; }

            public IAMDescription IAM { get; set; }

            public class IAMDescription
            {
                public string AccessKey { get; set; }
                public string AccountId { get; set; }
                public string CallerId { get; set; }
                public CognitoIdentityDescription CognitoIdentity { get; set; }
                public string PrincipalOrgId { get; set; }
                public string UserARN { get; set; }
                public string UserId { get; set; }
            }

            public class CognitoIdentityDescription
            {
                public IList<string> AMR { get; set; }
                public string IdentityId { get; set; }
                public string IdentityPoolId { get; set; }
            }

            public class JwtDescription
            {
                public IDictionary<string, string> Claims { get; set; }
                public string[] Scopes { get; set; }
            }
        }
    }

    /// <summary>What an HTTP API's Lambda integration (payload format 2.0) may return.</summary>
    public class APIGatewayHttpApiV2ProxyResponse
    {
        [JsonPropertyName("statusCode")]
        public int StatusCode { get; set; }

        [JsonPropertyName("headers")]
        public IDictionary<string, string> Headers { get; set; }

        /// <summary>Sets a header; with append, adds the values after the ones already there, comma-separated.</summary>
        public void SetHeaderValues(string headerName, string value, bool append)
        {
            SetHeaderValues(headerName, new[] { value }, append);
        }

        public void SetHeaderValues(string headerName, IEnumerable<string> values, bool append)
        {
            if (Headers == null) Headers = new Dictionary<string, string>();
            Headers[headerName] = Headers.ContainsKey(headerName) && append ? Headers[headerName] + "," + string.Join(",", values) : string.Join(",", values);
        }

        [JsonPropertyName("cookies")]
        public string[] Cookies { get; set; }

        [JsonPropertyName("body")]
        public string Body { get; set; }

        [JsonPropertyName("isBase64Encoded")]
        public bool IsBase64Encoded { get; set; }
    }
}
