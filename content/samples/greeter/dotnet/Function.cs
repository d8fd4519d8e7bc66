// Handler string: Greeter::Greeter.Function::FunctionHandler
// (assembly, then namespace and class, then method).
using System;
using System.Collections.Generic;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Greeter
{
    public class Function
    {
        public Dictionary<string, string> FunctionHandler(Dictionary<string, string> input, ILambdaContext context)
        {
            string name;
            if (!input.TryGetValue("name", out name) || string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("event.name must be a non-empty string");
            }
            return new Dictionary<string, string> { { "greeting", "Hello, " + name + "!" } };
        }
    }
}
