// Lab 1: hello handler. The Handler setting names this method: Handler::handleRequest.

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.HashMap;
import java.util.Map;

public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    // Static fields are set up once per execution environment: during init, the cold start.

    // Lambda calls handleRequest once per invocation. `event` is the JSON the function was
    // invoked with, turned into a Map: {"name": "Ada"} gives event.get("name") = "Ada".
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        // Your code here: greet event.get("name") ("world" when there is none), log a line
        // that mentions the name (System.out.println), and return "coldStart": true or false.
        Map<String, Object> response = new HashMap<>();
        response.put("message", "Hello, world!");
        return response;
    }
}
