// Lab 8: configure, don't hardcode.
// This function's settings are written into its code: moving it to another table or stage
// means changing the code, and everyone who can read the code (or the log) has the API key.
// Its function.json already sets TABLE_NAME, STAGE and DISCOUNTS_ENABLED.
using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer))]

namespace Lab
{
    // Goes out as {"table": ..., "stage": ..., "discounts": ..., "apiKeyFingerprint": ...}.
    public class Response
    {
        public string Table { get; set; }
        public string Stage { get; set; }
        public bool Discounts { get; set; }
        public string ApiKeyFingerprint { get; set; }
    }

    public class Function
    {
        // Your code here: read these from the environment, and the API key from the encrypted
        // variable API_KEY, decrypted once, at init.
        private static readonly string TableName = "orders-dev";
        private static readonly string Stage = "dev";
        private static readonly bool DiscountsEnabled = false;
        private static readonly string ApiKey = "dojo-demo-key-8c41f0e2";

        static Function()
        {
            Console.WriteLine("Starting: table=" + TableName + " stage=" + Stage + " discounts=" + DiscountsEnabled + " apiKey=" + ApiKey);
        }

        public Response FunctionHandler(Stream input, ILambdaContext context)
        {
            return new Response { Table = TableName, Stage = Stage, Discounts = DiscountsEnabled, ApiKeyFingerprint = Fingerprint(ApiKey) };
        }

        // A short fingerprint tells keys apart without showing them: the first 12 hex digits of the SHA-256.
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
