using System;
using System.Collections.Generic;

// The core: plain values in, plain values out. Nothing here knows about Lambda, events or
// contexts, so a unit test calls it directly, and the same rules could run anywhere else.
namespace Lab
{
    public class Item
    {
        public string Sku { get; set; }
        public long UnitPriceCents { get; set; }
        public long Quantity { get; set; }
    }

    public class Quote
    {
        public long SubtotalCents { get; set; }
        public long DiscountCents { get; set; }
        public long TotalCents { get; set; }
    }

    public static class Pricing
    {
        /// <summary>Prices the items with an optional coupon code (null for none).</summary>
        public static Quote PriceOrder(IList<Item> items, string coupon)
        {
            long subtotal = 0;
            foreach (var item in items) subtotal += item.UnitPriceCents * item.Quantity;
            long discount = 0;
            if (coupon == "SAVE10") discount = subtotal * 10 / 100;
            if (coupon == "FLAT500") discount = Math.Min(500, subtotal);
            return new Quote { SubtotalCents = subtotal, DiscountCents = discount, TotalCents = subtotal - discount };
        }
    }
}
