package dojo;

/** dojo.Format 1.4.0: a copy of the team's formatter, taken before 2.0.0. */
public final class Format {
    private Format() {
    }

    /** A method, not a constant: javac copies constants into the code that uses them. */
    public static String version() {
        return "1.4.0";
    }

    /** 1205, "EUR" -> "12.05 EUR". */
    public static String money(long cents, String currency) {
        return cents / 100 + "." + cents % 100 + " " + currency;
    }
}
