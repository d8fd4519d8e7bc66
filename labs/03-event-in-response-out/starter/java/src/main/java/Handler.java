// Lab 3: event in, response out. The Handler setting names this method: Handler::handleRequest.
// API Gateway (REST API, Lambda proxy integration) sends each HTTP request as the event. AWS's
// aws-lambda-java-events library (in pom.xml) has a class for it, APIGatewayProxyRequestEvent:
// event.getHttpMethod(), event.getPath(), event.getHeaders(), and event.getBody(), the request
// body as a string (or null). The APIGatewayProxyResponseEvent the handler returns becomes the
// HTTP response. Gson (com.google.gson, also in pom.xml) reads and writes JSON text.

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.google.gson.Gson;
import java.util.Map;

public class Handler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final Gson GSON = new Gson();

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        // Your code here: read the order from event.getBody(), answer 201 with the accepted
        // order, 400 when the body is not a valid order, and throw an OutOfStockError for
        // unicorns. Java reports an exception's full class name as the errorType, so declare
        // OutOfStockError without a package, like this class.
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(501)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(GSON.toJson(Map.of("error", "This function does not take orders yet")));
    }
}
