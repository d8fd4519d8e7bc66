package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** The handler only adapts the event to the core and the core's answer to a response. */
public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        long weight = ((Number) event.get("weightGrams")).longValue();
        boolean express = Boolean.TRUE.equals(event.get("express"));
        return Map.of("shippingCents", Shipping.shippingCents(weight, express));
    }
}
