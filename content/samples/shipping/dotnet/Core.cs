// The core: plain values in, plain values out; nothing of Lambda.
namespace Shipping
{
    public static class Rates
    {
        public static long ShippingCents(long weightGrams, bool express)
        {
            long standard = 500 + 2 * ((weightGrams + 99) / 100);
            return express ? standard * 2 : standard;
        }
    }
}
