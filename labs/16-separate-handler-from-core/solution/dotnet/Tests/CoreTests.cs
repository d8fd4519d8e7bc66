using System.Collections.Generic;
using Lab;
using Xunit;

namespace Lab.Tests
{
    public class CoreTests
    {
        private static List<Item> Items()
        {
            return new List<Item>
            {
                new Item { Sku = "A", UnitPriceCents = 1250, Quantity = 2 },
                new Item { Sku = "B", UnitPriceCents = 399, Quantity = 1 },
            };
        }

        [Fact]
        public void AddsUpUnitPriceTimesQuantity()
        {
            var quote = Pricing.PriceOrder(Items(), null);
            Assert.Equal(2899L, quote.SubtotalCents);
            Assert.Equal(2899L, quote.TotalCents);
        }

        [Fact]
        public void Save10TakesTenPercentRoundedDown()
        {
            var quote = Pricing.PriceOrder(Items(), "SAVE10");
            Assert.Equal(289L, quote.DiscountCents);
            Assert.Equal(2610L, quote.TotalCents);
        }

        [Fact]
        public void Flat500NeverTakesMoreThanTheSubtotal()
        {
            var quote = Pricing.PriceOrder(new List<Item> { new Item { Sku = "C", UnitPriceCents = 300, Quantity = 1 } }, "FLAT500");
            Assert.Equal(300L, quote.DiscountCents);
            Assert.Equal(0L, quote.TotalCents);
        }

        [Fact]
        public void UnknownCouponGivesNoDiscount()
        {
            Assert.Equal(0L, Pricing.PriceOrder(Items(), "NOPE").DiscountCents);
        }
    }
}
