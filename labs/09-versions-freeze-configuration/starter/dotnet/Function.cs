// Lab 9: versions freeze configuration.
// The same code runs as $LATEST, as each published version, and behind each alias. Lambda
// tells the function which of these it is: the context (ILambdaContext) carries the version
// that is running and the ARN the caller used.
using System;
using System.IO;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer))]

namespace Lab
{
    // Goes out as {"version": ..., "alias": ..., "greeting": ...}; a null property is left out.
    public class Response
    {
        public string Version { get; set; }
        public string Alias { get; set; }
        public string Greeting { get; set; }
    }

    public class Function
    {
        // Configuration comes from the environment, read once when the execution environment starts.
        private static readonly string Greeting = Environment.GetEnvironmentVariable("GREETING");

        // The release this code belongs to, kept by hand.
        private const string Version = "$LATEST";

        public Response FunctionHandler(Stream input, ILambdaContext context)
        {
            // Your code here: report the version that is running and the alias this call came
            // through (null when there is none), from what Lambda gives the function.
            return new Response { Version = Version, Alias = null, Greeting = Greeting };
        }
    }
}
