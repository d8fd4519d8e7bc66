using System;
using System.IO;
using System.Text.RegularExpressions;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer))]

namespace Lab
{
    public class Response
    {
        public string Version { get; set; }
        public string Alias { get; set; }
        public string Greeting { get; set; }
    }

    public class Function
    {
        // Read once per execution environment: an environment runs one version, and a version's
        // configuration never changes.
        private static readonly string Greeting = Environment.GetEnvironmentVariable("GREETING");

        // The alias in an ARN such as arn:aws:lambda:us-east-1:123456789012:function:lab9:live, else null.
        private static string AliasOf(string invokedFunctionArn)
        {
            var parts = invokedFunctionArn.Split(':');
            if (parts.Length < 8) return null;
            var qualifier = parts[7];
            // A version ($LATEST or a number) is not an alias.
            if (qualifier == "$LATEST" || Regex.IsMatch(qualifier, "^[0-9]+$")) return null;
            return qualifier;
        }

        public Response FunctionHandler(Stream input, ILambdaContext context)
        {
            return new Response
            {
                Version = context.FunctionVersion,
                Alias = AliasOf(context.InvokedFunctionArn),
                Greeting = Greeting,
            };
        }
    }
}
