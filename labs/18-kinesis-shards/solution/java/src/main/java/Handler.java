// Lab 18: a payments consumer fed by a Kinesis stream through an event source mapping.
// Each record's data is a payment: {"account": "acct-1", "amountCents": 250}.
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Handler implements RequestHandler<KinesisEvent, Map<String, Object>> {
    // The producer writes exactly this shape. A real consumer would parse it with a JSON library
    // (Jackson); a pattern keeps this lab's jar small.
    private static final Pattern PAYMENT = Pattern.compile("\\s*\\{\\s*\"account\"\\s*:\\s*\"([^\"]*)\"\\s*,\\s*\"amountCents\"\\s*:\\s*(-?\\d+)\\s*\\}\\s*");

    /** The payment's amount; throws when the data is not a payment. */
    static long amountOf(String data) {
        Matcher payment = PAYMENT.matcher(data);
        if (!payment.matches()) throw new IllegalArgumentException("not a payment: " + data);
        return Long.parseLong(payment.group(2));
    }

    // A record that cannot be read fails the invocation: the mapping then bisects the batch down
    // to that record and, its retries spent, describes it to the on-failure destination, while
    // every other record of the shard goes through (DG services-kinesis-parameters.html).
    @Override
    public Map<String, Object> handleRequest(KinesisEvent event, Context context) {
        long totalCents = 0;
        for (KinesisEvent.KinesisEventRecord record : event.getRecords()) {
            // getData() is the record's data, already decoded from base64.
            totalCents += amountOf(StandardCharsets.UTF_8.decode(record.getKinesis().getData()).toString());
        }
        return Map.of("records", event.getRecords().size(), "totalCents", totalCents);
    }
}
