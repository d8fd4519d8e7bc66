package dojo;

/** dojo.Slug 0.9.0: turns titles into URL slugs. */
public final class Slug {
    private Slug() {
    }

    public static String version() {
        return "0.9.0";
    }
}
