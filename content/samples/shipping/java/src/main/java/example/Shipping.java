package example;

/** The core: plain values in, plain values out; nothing of Lambda. */
public final class Shipping {
    private Shipping() {}

    public static long shippingCents(long weightGrams, boolean express) {
        long standard = 500 + 2 * ((weightGrams + 99) / 100);
        return express ? standard * 2 : standard;
    }
}
