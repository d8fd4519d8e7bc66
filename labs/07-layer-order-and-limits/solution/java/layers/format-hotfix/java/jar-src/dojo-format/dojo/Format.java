package dojo;

/** dojo.Format 2.0.1: hotfix: currency codes in capitals, whatever the caller sends. */
public final class Format {
    private Format() {
    }

    /** A method, not a constant: javac copies constants into the code that uses them. */
    public static String version() {
        return "2.0.1";
    }

    /** 1205, "EUR" -> "12.05 EUR". */
    public static String money(long cents, String currency) {
        return String.format("%d.%02d %s", cents / 100, cents % 100, currency.toUpperCase(java.util.Locale.ROOT));
    }
}
