using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer))]

namespace Shipping
{
    public class Parcel
    {
        public long WeightGrams { get; set; }
        public bool Express { get; set; }
    }

    public class Price
    {
        public long ShippingCents { get; set; }
    }

    // The handler only adapts the event to the core and the core's answer to a response.
    public class Function
    {
        public Price FunctionHandler(Parcel input, ILambdaContext context)
        {
            return new Price { ShippingCents = Rates.ShippingCents(input.WeightGrams, input.Express) };
        }
    }
}
