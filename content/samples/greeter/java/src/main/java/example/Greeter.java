// Handler string: example.Greeter::handleRequest
// (or example.Greeter, since the class implements RequestHandler).
package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

public class Greeter implements RequestHandler<Map<String, String>, Map<String, String>> {
    @Override
    public Map<String, String> handleRequest(Map<String, String> event, Context context) {
        String name = event.get("name");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("event.name must be a non-empty string");
        }
        return Map.of("greeting", "Hello, " + name + "!");
    }
}
