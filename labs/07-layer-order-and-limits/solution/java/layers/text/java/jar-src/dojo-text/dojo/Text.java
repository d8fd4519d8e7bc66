package dojo;

/** dojo.Text 1.2.0: text helpers. */
public final class Text {
    private Text() {
    }

    public static String version() {
        return "1.2.0";
    }
}
