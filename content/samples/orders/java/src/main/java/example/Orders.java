package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

public class Orders implements RequestHandler<Map<String, String>, Map<String, String>> {
    @Override
    public Map<String, String> handleRequest(Map<String, String> event, Context context) {
        String drink = event.getOrDefault("drink", "coffee"); // a field the event may not have
        System.out.println("Order for " + drink);
        return Map.of("order", "One " + drink + ", coming up");
    }
}
