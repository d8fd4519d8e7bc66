// LambdaDojo.AwsJson.AwsJsonClient: one POST in an AWS JSON protocol (X-Amz-Target, application/
// x-amz-json-1.x) to a local service, for the runtime's C# helpers that stand in for the AWS SDK
// where NuGet is out of reach (KmsHelper, DynamoDbHelper, ...). The endpoint comes from the
// service's AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL, as every AWS SDK reads them.
// Compiled into the runtime's Amazon.Lambda.Core assembly.

using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;
using System.Text.Json;

namespace LambdaDojo.AwsJson
{
    /// <summary>The answer of one call: the HTTP status and the JSON object it carried.</summary>
    public class AwsJsonAnswer
    {
        public int Status { get; internal set; }
        public Dictionary<string, object> Body { get; internal set; }

        /// <summary>The error's type without its namespace ("com.amazonaws.dynamodb.v20120810#X" is X), or null.</summary>
        public string ErrorType
        {
            get
            {
                object type;
                if (!Body.TryGetValue("__type", out type) || !(type is string)) return null;
                var name = (string)type;
                return name.Substring(name.LastIndexOf('#') + 1);
            }
        }

        public string ErrorMessage
        {
            get
            {
                object message;
                if (!Body.TryGetValue("message", out message)) Body.TryGetValue("Message", out message);
                return message as string;
            }
        }
    }

    public static class AwsJsonClient
    {
        /// <summary>The service's endpoint from AWS_ENDPOINT_URL_{serviceId}, else AWS_ENDPOINT_URL; null when neither is set.</summary>
        public static string Endpoint(string serviceId)
        {
            var endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_" + serviceId);
            if (string.IsNullOrEmpty(endpoint)) endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
            return string.IsNullOrEmpty(endpoint) ? null : endpoint.TrimEnd('/');
        }

        /// <summary>Posts the request; throws WebException only when the service did not answer at all.</summary>
        public static AwsJsonAnswer Post(string endpoint, string jsonVersion, string target, object request)
        {
            var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request));
            var web = (HttpWebRequest)WebRequest.Create(endpoint + "/");
            web.Method = "POST";
            web.ContentType = "application/x-amz-json-" + jsonVersion;
            web.Headers["X-Amz-Target"] = target;
            web.Timeout = 10000;
            // Loopback only: a proxy configured on the machine must not see the request.
            web.Proxy = null;
            web.ContentLength = body.Length;
            using (var stream = web.GetRequestStream()) stream.Write(body, 0, body.Length);
            HttpWebResponse response;
            try
            {
                response = (HttpWebResponse)web.GetResponse();
            }
            catch (WebException e) when (e.Response != null)
            {
                response = (HttpWebResponse)e.Response;
            }
            using (response)
            using (var reader = new StreamReader(response.GetResponseStream(), Encoding.UTF8))
            {
                var text = reader.ReadToEnd();
                var parsed = Amazon.Lambda.Dojo.Json.Parse(text.Length == 0 ? "{}" : text) as Dictionary<string, object>;
                return new AwsJsonAnswer { Status = (int)response.StatusCode, Body = parsed ?? new Dictionary<string, object>() };
            }
        }
    }
}
