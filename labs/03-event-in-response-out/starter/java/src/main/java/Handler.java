// Lab 3: event in, response out. The Handler setting names this method: Handler::handleRequest.
// API Gateway (REST API, Lambda proxy integration) sends each HTTP request as the event:
// event.get("httpMethod"), event.get("path"), event.get("headers"), and event.get("body"),
// the request body as a string (or null). It turns what the handler returns into the HTTP
// response. Json.java, next to this file, reads and writes JSON text.

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        // Your code here: read the order from event.get("body"), answer 201 with the accepted
        // order, 400 when the body is not a valid order, and throw an OutOfStockError for
        // unicorns. Java reports an exception's full class name as the errorType, so declare
        // OutOfStockError without a package, like this class.
        return Map.of(
                "statusCode", 501,
                "headers", Map.of("Content-Type", "application/json"),
                "body", Json.stringify(Map.of("error", "This function does not take orders yet")));
    }
}
