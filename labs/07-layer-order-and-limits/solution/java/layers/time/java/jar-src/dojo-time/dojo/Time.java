package dojo;

/** dojo.Time 3.1.0: date and time helpers. */
public final class Time {
    private Time() {
    }

    public static String version() {
        return "3.1.0";
    }
}
