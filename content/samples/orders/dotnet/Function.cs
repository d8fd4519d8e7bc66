using System;
using System.Collections.Generic;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Orders
{
    public class Function
    {
        public Dictionary<string, string> FunctionHandler(Dictionary<string, string> input, ILambdaContext context)
        {
            string drink;
            if (!input.TryGetValue("drink", out drink)) drink = "coffee"; // a field the event may not have
            Console.WriteLine("Order for " + drink);
            return new Dictionary<string, string> { { "order", "One " + drink + ", coming up" } };
        }
    }
}
