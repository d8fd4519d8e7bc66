import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.SqsClient;

public class Handler implements RequestHandler<SQSEvent, Void> {
    // Made once per execution environment. The SDK sends the invocation's trace header with every
    // call, which is how Lambda follows the chain through the queue.
    private static final SqsClient SQS = SqsClient.create();
    private static final String QUEUE_URL = SQS.getQueueUrl(r -> r.queueName(System.getenv("QUEUE_NAME"))).queueUrl();
    private static final int MAX_HOPS = Integer.parseInt(System.getenv("MAX_HOPS"));

    // The order message is small and flat: {"orderId": "...", "hops": n}, hops absent at first.
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern HOPS = Pattern.compile("\"hops\"\\s*:\\s*(\\d+)");

    @Override
    public Void handleRequest(SQSEvent event, Context context) {
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            Matcher id = ORDER_ID.matcher(message.getBody());
            String orderId = id.find() ? id.group(1) : "";
            Matcher count = HOPS.matcher(message.getBody());
            int hops = count.find() ? Integer.parseInt(count.group(1)) : 0;
            context.getLogger().log("order " + orderId + ": hop " + hops);
            // Every order gets a follow-up on the same queue... and so does every follow-up.
            // TODO: stop once the order has had MAX_HOPS follow-ups.
            String followUp = "{\"orderId\":\"" + orderId + "\",\"hops\":" + (hops + 1) + "}";
            SQS.sendMessage(r -> r.queueUrl(QUEUE_URL).messageBody(followUp));
        }
        return null;
    }
}
