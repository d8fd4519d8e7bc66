package dojo;

/** dojo.Currency 1.1.0: currency names and symbols. */
public final class Currency {
    private Currency() {
    }

    public static String version() {
        return "1.1.0";
    }
}
