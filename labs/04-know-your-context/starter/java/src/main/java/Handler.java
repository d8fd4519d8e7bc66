// Lab 4: know your context. The Handler setting names this method: Handler::handleRequest.
// Lambda passes a context object as the handler's second argument: facts about this
// invocation and this function that the event does not carry.

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.HashMap;
import java.util.Map;

public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        // Your code here: fill these in from the context object, and log the request id in a
        // JSON line, for example {"requestId": "...", "message": "Handling a request"}.
        String requestId = null;
        String functionName = null;
        Integer remainingMs = null; // milliseconds left before the timeout
        Long deadlineMs = null; // the moment of the timeout, in milliseconds since 1970, like System.currentTimeMillis()
        System.out.println("Handling a request");
        Map<String, Object> response = new HashMap<>();
        response.put("requestId", requestId);
        response.put("functionName", functionName);
        response.put("remainingMs", remainingMs);
        response.put("deadlineMs", deadlineMs);
        return response;
    }
}
