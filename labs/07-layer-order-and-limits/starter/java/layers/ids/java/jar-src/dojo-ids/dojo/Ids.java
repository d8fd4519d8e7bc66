package dojo;

/** dojo.Ids 1.0.0: request and order ids. */
public final class Ids {
    private Ids() {
    }

    public static String version() {
        return "1.0.0";
    }
}
