using System.Collections.Generic;
using Lab;
using Xunit;

namespace Lab.Tests
{
    public class CoreTests
    {
        // The only way in is the handler: the test needs an ILambdaContext, and the handler
        // writes to context.Logger, so null will not do.
        [Fact]
        public void AddsUpUnitPriceTimesQuantity()
        {
            var order = new Order { Items = new List<Item> { new Item { Sku = "A", UnitPriceCents = 1250, Quantity = 2 } } };
            Assert.Equal(2500L, new Function().FunctionHandler(order, null).TotalCents);
        }
    }
}
