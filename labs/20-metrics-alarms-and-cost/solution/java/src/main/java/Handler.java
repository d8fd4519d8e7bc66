import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Handler implements RequestHandler<SQSEvent, Void> {
    // The order message is small and flat: {"orderId": "...", "amount": n}.
    private static final Pattern AMOUNT = Pattern.compile("\"amount\"\\s*:\\s*(-?[0-9.]+)");

    static double amountOf(String body) {
        Matcher amount = AMOUNT.matcher(body);
        return amount.find() ? Double.parseDouble(amount.group(1)) : 0;
    }

    // One embedded metric format document per order: CloudWatch Logs extracts the metrics from
    // the log line, so publishing costs no API call in the handler.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
    static void publish(boolean accepted) {
        System.out.println("{\"_aws\":{\"Timestamp\":" + System.currentTimeMillis()
            + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Lab20/Orders\",\"Dimensions\":[[\"Service\"]],"
            + "\"Metrics\":[{\"Name\":\"OrdersAccepted\",\"Unit\":\"Count\"},{\"Name\":\"OrdersRejected\",\"Unit\":\"Count\"}]}]},"
            + "\"Service\":\"orders\",\"OrdersAccepted\":" + (accepted ? 1 : 0) + ",\"OrdersRejected\":" + (accepted ? 0 : 1) + "}");
    }

    @Override
    public Void handleRequest(SQSEvent event, Context context) {
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            boolean accepted = amountOf(message.getBody()) > 0;
            publish(accepted);
        }
        return null;
    }
}
