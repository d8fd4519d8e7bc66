using System;
using System.Collections.Generic;
using Amazon.Lambda.Core;
using LambdaDojo.Kms;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Lab
{
    public class Function
    {
        // A static field is set once per execution environment, during Init.
        private static readonly string ApiKey = KmsHelper.Decrypt(Environment.GetEnvironmentVariable("API_KEY"));

        public Dictionary<string, int> FunctionHandler(Dictionary<string, string> input, ILambdaContext context)
        {
            return new Dictionary<string, int> { { "keyLength", ApiKey.Length } };
        }
    }
}
