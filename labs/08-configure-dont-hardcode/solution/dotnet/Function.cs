using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Amazon.Lambda.Core;
using LambdaDojo.Kms;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer))]

namespace Lab
{
    public class Response
    {
        public string Table { get; set; }
        public string Stage { get; set; }
        public bool Discounts { get; set; }
        public string ApiKeyFingerprint { get; set; }
    }

    public class Function
    {
        private static readonly string TableName;
        private static readonly string Stage;
        private static readonly bool DiscountsEnabled;
        private static readonly string ApiKeyFingerprint;

        // A static constructor runs before the runtime creates the handler's object, at init,
        // once per execution environment: a changed configuration starts new environments.
        static Function()
        {
            TableName = Environment.GetEnvironmentVariable("TABLE_NAME");
            Stage = Environment.GetEnvironmentVariable("STAGE");
            DiscountsEnabled = Environment.GetEnvironmentVariable("DISCOUNTS_ENABLED") == "true";

            // Decrypted at init, once per environment; the plain key stays in memory only.
            var apiKey = KmsHelper.Decrypt(Environment.GetEnvironmentVariable("API_KEY"));
            ApiKeyFingerprint = Fingerprint(apiKey);

            Console.WriteLine("Starting: table=" + TableName + " stage=" + Stage + " discounts=" + DiscountsEnabled + " apiKey fingerprint=" + ApiKeyFingerprint);
        }

        public Response FunctionHandler(Stream input, ILambdaContext context)
        {
            return new Response { Table = TableName, Stage = Stage, Discounts = DiscountsEnabled, ApiKeyFingerprint = ApiKeyFingerprint };
        }

        private static string Fingerprint(string key)
        {
            using (var sha256 = SHA256.Create())
            {
                var hash = sha256.ComputeHash(Encoding.UTF8.GetBytes(key));
                return BitConverter.ToString(hash).Replace("-", "").ToLowerInvariant().Substring(0, 12);
            }
        }
    }
}
