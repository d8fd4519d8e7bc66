import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static Map<String, Object> respond(int statusCode, Map<String, Object> body) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("statusCode", statusCode);
        response.put("headers", Map.of("Content-Type", "application/json"));
        response.put("body", Json.stringify(body));
        return response;
    }

    private static Map<String, Object> badRequest(String error) {
        return respond(400, Map.of("error", error));
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Object order;
        try {
            order = Json.parse((String) event.get("body"));
        } catch (IllegalArgumentException e) {
            return badRequest("The body must be JSON, for example {\"item\": \"tea\", \"quantity\": 2}");
        }
        if (!(order instanceof Map)) return badRequest("The body must be a JSON object");
        Object item = ((Map<?, ?>) order).get("item");
        Object quantity = ((Map<?, ?>) order).get("quantity");
        if (!(item instanceof String) || ((String) item).isEmpty()) return badRequest("item must be a non-empty string");
        // Json gives whole numbers as Integer (or Long), others as Double.
        boolean whole = quantity instanceof Integer || quantity instanceof Long;
        if (!whole || ((Number) quantity).longValue() < 1) return badRequest("quantity must be a whole number of at least 1");
        if (item.equals("unicorn")) throw new OutOfStockError((String) item);
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("item", item);
        accepted.put("quantity", quantity);
        accepted.put("status", "accepted");
        return respond(201, accepted);
    }
}
