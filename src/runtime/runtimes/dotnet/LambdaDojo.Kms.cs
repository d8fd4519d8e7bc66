// LambdaDojo.Kms.KmsHelper.Decrypt: KMS Decrypt for environment variables encrypted with
// `npm run encrypt`, the call a Lambda function makes with the AWS SDK
// (AmazonKeyManagementServiceClient.DecryptAsync), written with Mono's class library against the
// local key service at AWS_ENDPOINT_URL_KMS. Compiled into the runtime's Amazon.Lambda.Core
// assembly, which every function references. Call it during init (a static field or the
// constructor) and keep the result: one KMS call per execution environment, not one per invocation.
//
//     private static readonly string ApiKey = KmsHelper.Decrypt(Environment.GetEnvironmentVariable("API_KEY"));

using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;
using System.Text.Json;

namespace LambdaDojo.Kms
{
    /// <summary>KMS answered with an error; ErrorType is its type, such as InvalidCiphertextException.</summary>
    public class KmsException : Exception
    {
        public string ErrorType { get; private set; }

        public KmsException(string errorType, string message) : base(errorType + ": " + message)
        {
            ErrorType = errorType;
        }
    }

    public static class KmsHelper
    {
        public static string Decrypt(string ciphertextBase64)
        {
            return Decrypt(ciphertextBase64, null);
        }

        public static string Decrypt(string ciphertextBase64, IDictionary<string, string> encryptionContext)
        {
            var endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_KMS");
            if (string.IsNullOrEmpty(endpoint))
            {
                throw new KmsException("KMSError", "AWS_ENDPOINT_URL_KMS is not set: KmsHelper.Decrypt works inside the Lambda Dojo runtime.");
            }
            if (string.IsNullOrEmpty(ciphertextBase64))
            {
                throw new ArgumentException("KmsHelper.Decrypt needs the encrypted value (base64 text), e.g. KmsHelper.Decrypt(Environment.GetEnvironmentVariable(\"API_KEY\")).");
            }
            var context = new Dictionary<string, string>();
            if (encryptionContext != null) foreach (var pair in encryptionContext) context[pair.Key] = pair.Value;
            var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["CiphertextBlob"] = ciphertextBase64,
                ["EncryptionContext"] = context,
            }));

            var request = (HttpWebRequest)WebRequest.Create(endpoint + "/");
            request.Method = "POST";
            request.ContentType = "application/x-amz-json-1.1";
            request.Headers["X-Amz-Target"] = "TrentService.Decrypt";
            request.Timeout = 10000;
            // Loopback only: a proxy configured on the machine must not see the request.
            request.Proxy = null;
            int status;
            string text;
            try
            {
                request.ContentLength = body.Length;
                using (var stream = request.GetRequestStream()) stream.Write(body, 0, body.Length);
                HttpWebResponse response;
                try
                {
                    response = (HttpWebResponse)request.GetResponse();
                }
                catch (WebException e) when (e.Response != null)
                {
                    response = (HttpWebResponse)e.Response;
                }
                using (response)
                using (var reader = new StreamReader(response.GetResponseStream(), Encoding.UTF8))
                {
                    status = (int)response.StatusCode;
                    text = reader.ReadToEnd();
                }
            }
            catch (WebException e)
            {
                throw new KmsException("KMSError", "the key service at " + endpoint + " did not answer: " + e.Message);
            }

            var answer = Amazon.Lambda.Dojo.Json.Parse(text.Length == 0 ? "{}" : text) as Dictionary<string, object> ?? new Dictionary<string, object>();
            if (status != 200)
            {
                object type, message;
                answer.TryGetValue("__type", out type);
                answer.TryGetValue("message", out message);
                throw new KmsException(type as string ?? "KMSError", message as string ?? "KMS answered " + status);
            }
            object plaintext;
            if (!answer.TryGetValue("Plaintext", out plaintext) || !(plaintext is string))
            {
                throw new KmsException("KMSError", "the answer has no Plaintext: " + text);
            }
            return Encoding.UTF8.GetString(Convert.FromBase64String((string)plaintext));
        }
    }
}
