package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Instant;
import java.util.Map;

public class Counter implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    // Static fields are set once per execution environment, when Init loads the class.
    private static final String STARTED_AT = Instant.now().toString();
    private static int invocations = 0;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        invocations++; // still counting on a warm start
        return Map.of("startedAt", STARTED_AT, "invocations", invocations);
    }
}
