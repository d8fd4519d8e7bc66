package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import shared.Greeting; // from /opt/java/lib/greeting.jar, on the class path

public class Hello implements RequestHandler<Map<String, String>, Map<String, String>> {
    @Override
    public Map<String, String> handleRequest(Map<String, String> event, Context context) {
        return Map.of("message", Greeting.greet(event.getOrDefault("name", "world")));
    }
}
