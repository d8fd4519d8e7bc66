import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.Map;

public class Handler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final Gson GSON = new Gson();

    private static APIGatewayProxyResponseEvent respond(int statusCode, Object body) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(statusCode)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(GSON.toJson(body));
    }

    private static APIGatewayProxyResponseEvent badRequest(String error) {
        return respond(400, Map.of("error", error));
    }

    /** A whole number of at least 1, or null: 2 is one, 0, 2.5 and "two" are not. */
    private static Long quantityOf(JsonElement value) {
        if (value == null || !value.isJsonPrimitive() || !((JsonPrimitive) value).isNumber()) return null;
        BigDecimal number = value.getAsBigDecimal();
        if (number.signum() <= 0 || number.stripTrailingZeros().scale() > 0 || number.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) return null;
        return number.longValueExact();
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        String body = event.getBody();
        if (body == null) return badRequest("The request has no body: send an order such as {\"item\": \"tea\", \"quantity\": 2}");
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(body);
        } catch (JsonParseException e) {
            return badRequest("The body must be JSON, for example {\"item\": \"tea\", \"quantity\": 2}");
        }
        if (!parsed.isJsonObject()) return badRequest("The body must be a JSON object");
        JsonObject order = parsed.getAsJsonObject();
        JsonElement item = order.get("item");
        if (item == null || !item.isJsonPrimitive() || !((JsonPrimitive) item).isString() || item.getAsString().isEmpty()) {
            return badRequest("item must be a non-empty string");
        }
        Long quantity = quantityOf(order.get("quantity"));
        if (quantity == null) return badRequest("quantity must be a whole number of at least 1");
        if (item.getAsString().equals("unicorn")) throw new OutOfStockError(item.getAsString());
        JsonObject accepted = new JsonObject();
        accepted.addProperty("item", item.getAsString());
        accepted.addProperty("quantity", quantity);
        accepted.addProperty("status", "accepted");
        return respond(201, accepted);
    }
}
