using System;
using System.Collections.Generic;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer))]

namespace Lab
{
    public class Item
    {
        public string Sku { get; set; }
        public long UnitPriceCents { get; set; }
        public long Quantity { get; set; }
    }

    public class Order
    {
        public List<Item> Items { get; set; } = new List<Item>();
        public string Coupon { get; set; }
    }

    public class Quote
    {
        public long SubtotalCents { get; set; }
        public long DiscountCents { get; set; }
        public long TotalCents { get; set; }
    }

    // Everything in the handler: the pricing rules can only be reached through a Lambda event and
    // context, so testing them means faking both (and ILambdaContext has a dozen members).
    public class Function
    {
        public Quote FunctionHandler(Order input, ILambdaContext context)
        {
            context.Logger.LogLine("pricing " + input.Items.Count + " items for request " + context.AwsRequestId);
            long subtotal = 0;
            foreach (var item in input.Items) subtotal += item.UnitPriceCents * item.Quantity;
            long discount = 0;
            if (input.Coupon == "SAVE10") discount = subtotal * 10 / 100;
            if (input.Coupon == "FLAT500") discount = Math.Min(500, subtotal);
            return new Quote { SubtotalCents = subtotal, DiscountCents = discount, TotalCents = subtotal - discount };
        }
    }
}
