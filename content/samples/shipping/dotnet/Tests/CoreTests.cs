using Shipping;
using Xunit;

public class CoreTests
{
    [Fact]
    public void FiveHundredCentsPlusTwoPerStartedHundredGrams()
    {
        Assert.Equal(526L, Rates.ShippingCents(1250, false));
    }

    [Fact]
    public void ExpressDoublesThePrice()
    {
        Assert.Equal(1052L, Rates.ShippingCents(1250, true));
    }
}
