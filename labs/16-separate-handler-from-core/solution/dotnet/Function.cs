using System.Collections.Generic;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer))]

namespace Lab
{
    public class Order
    {
        public List<Item> Items { get; set; } = new List<Item>();
        public string Coupon { get; set; }
    }

    // The handler only adapts: it takes the event apart, calls the core, and shapes the answer.
    public class Function
    {
        public Quote FunctionHandler(Order input, ILambdaContext context)
        {
            context.Logger.LogLine("pricing " + input.Items.Count + " items for request " + context.AwsRequestId);
            return Pricing.PriceOrder(input.Items, input.Coupon);
        }
    }
}
