import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String requestId = context.getAwsRequestId();
        int remainingMs = context.getRemainingTimeInMillis();
        long deadlineMs = System.currentTimeMillis() + remainingMs;
        // One JSON object per line, so a log query can filter on requestId.
        System.out.println("{\"requestId\": \"" + requestId + "\", \"message\": \"Handling a request\", \"remainingMs\": " + remainingMs + "}");
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("requestId", requestId);
        response.put("functionName", context.getFunctionName());
        response.put("remainingMs", remainingMs);
        response.put("deadlineMs", deadlineMs);
        return response;
    }
}
