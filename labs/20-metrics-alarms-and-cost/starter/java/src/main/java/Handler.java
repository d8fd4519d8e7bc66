import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Handler implements RequestHandler<SQSEvent, Void> {
    // The order message is small and flat: {"orderId": "...", "amount": n}.
    private static final Pattern AMOUNT = Pattern.compile("\"amount\"\\s*:\\s*(-?[0-9.]+)");
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*\"([^\"]*)\"");

    static double amountOf(String body) {
        Matcher amount = AMOUNT.matcher(body);
        return amount.find() ? Double.parseDouble(amount.group(1)) : 0;
    }

    @Override
    public Void handleRequest(SQSEvent event, Context context) {
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            boolean accepted = amountOf(message.getBody()) > 0;
            Matcher id = ORDER_ID.matcher(message.getBody());
            String orderId = id.find() ? id.group(1) : "";
            // A log line for people to read. TODO: publish OrdersAccepted and OrdersRejected as metrics.
            System.out.println("{\"service\":\"orders\",\"orderId\":\"" + orderId + "\",\"accepted\":" + accepted + "}");
        }
        return null;
    }
}
