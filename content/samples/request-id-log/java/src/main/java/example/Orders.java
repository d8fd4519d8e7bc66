package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

public class Orders implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        // Without a JSON library, build the line yourself; a request id needs no escaping.
        System.out.println("{\"level\": \"info\", \"requestId\": \"" + context.getAwsRequestId() + "\", \"message\": \"order received\"}");
        return Map.of("ok", true);
    }
}
