using System.Collections.Generic;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace WhoAmI
{
    public class Function
    {
        public Dictionary<string, string> FunctionHandler(Dictionary<string, object> input, ILambdaContext context)
        {
            return new Dictionary<string, string> { { "version", context.FunctionVersion }, { "invokedAs", context.InvokedFunctionArn } };
        }
    }
}
