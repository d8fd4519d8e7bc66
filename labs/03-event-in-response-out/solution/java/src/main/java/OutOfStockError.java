// Thrown, not answered: an order the shop cannot serve is an error worth an alarm. Java's
// runtime reports the exception's fully qualified class name as the errorType; with no
// package, that is just OutOfStockError.
public class OutOfStockError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutOfStockError(String item) {
        super("Sorry, we are out of " + item);
    }
}
