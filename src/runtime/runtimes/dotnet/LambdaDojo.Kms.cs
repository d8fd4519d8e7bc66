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
using System.Net;
using System.Text;
using System.Text.Json;
using LambdaDojo.AwsJson;

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
            var endpoint = AwsJsonClient.Endpoint("KMS");
            if (endpoint == null)
            {
                throw new KmsException("KMSError", "AWS_ENDPOINT_URL_KMS is not set: KmsHelper.Decrypt works inside the Lambda Dojo runtime.");
            }
            if (string.IsNullOrEmpty(ciphertextBase64))
            {
                throw new ArgumentException("KmsHelper.Decrypt needs the encrypted value (base64 text), e.g. KmsHelper.Decrypt(Environment.GetEnvironmentVariable(\"API_KEY\")).");
            }
            var context = new Dictionary<string, string>();
            if (encryptionContext != null) foreach (var pair in encryptionContext) context[pair.Key] = pair.Value;
            var request = new Dictionary<string, object>
            {
                ["CiphertextBlob"] = ciphertextBase64,
                ["EncryptionContext"] = context,
            };
            AwsJsonAnswer answer;
            try
            {
                answer = AwsJsonClient.Post(endpoint, "1.1", "TrentService.Decrypt", request);
            }
            catch (WebException e)
            {
                throw new KmsException("KMSError", "the key service at " + endpoint + " did not answer: " + e.Message);
            }
            if (answer.Status != 200) throw new KmsException(answer.ErrorType ?? "KMSError", answer.ErrorMessage ?? "KMS answered " + answer.Status);
            object plaintext;
            if (!answer.Body.TryGetValue("Plaintext", out plaintext) || !(plaintext is string))
            {
                throw new KmsException("KMSError", "the answer has no Plaintext: " + JsonSerializer.Serialize(answer.Body));
            }
            return Encoding.UTF8.GetString(Convert.FromBase64String((string)plaintext));
        }
    }
}
