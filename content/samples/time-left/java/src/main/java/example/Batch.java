package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.List;
import java.util.Map;

public class Batch implements RequestHandler<Map<String, List<String>>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, List<String>> event, Context context) {
        int processed = 0;
        for (String item : event.getOrDefault("items", List.of())) {
            // Keep a margin to answer before the timeout ends the invocation.
            if (context.getRemainingTimeInMillis() < 500) break;
            processItem(item);
            processed++;
        }
        context.getLogger().log(context.getFunctionName() + " processed " + processed + " items");
        return Map.of("processed", processed, "requestId", context.getAwsRequestId());
    }

    private static void processItem(String item) {} // your real work
}
