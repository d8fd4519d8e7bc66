// Lab 17: an order consumer fed by an SQS queue through an event source mapping.
// Each message body is an order: {"orderId": "o-1", "quantity": 2}.
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Handler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    // The producer writes exactly this shape. A real consumer would parse it with a JSON library
    // (Jackson); a pattern keeps this lab's jar small.
    private static final Pattern ORDER = Pattern.compile("\\s*\\{\\s*\"orderId\"\\s*:\\s*\"([^\"]*)\"\\s*,\\s*\"quantity\"\\s*:\\s*(-?\\d+)\\s*\\}\\s*");

    /** Checks one order; throws when the body is not an order we can process. */
    static void processOrder(String body) {
        Matcher order = ORDER.matcher(body);
        if (!order.matches()) throw new IllegalArgumentException("not an order: " + body);
        if (order.group(1).isEmpty()) throw new IllegalArgumentException("an order needs an orderId");
        if (Long.parseLong(order.group(2)) < 1) throw new IllegalArgumentException("order " + order.group(1) + ": quantity must be a whole number of at least 1");
        // A real consumer would charge and ship the order here.
    }

    // With ReportBatchItemFailures on the mapping, Lambda deletes every message except those named
    // here; they come back after the visibility timeout (DG services-sqs-errorhandling.html).
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            try {
                processOrder(message.getBody());
            } catch (RuntimeException e) {
                context.getLogger().log("message " + message.getMessageId() + " failed: " + e.getMessage() + "\n");
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
