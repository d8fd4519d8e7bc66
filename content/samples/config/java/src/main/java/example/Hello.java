package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import java.util.Objects;

public class Hello implements RequestHandler<Map<String, String>, Map<String, String>> {
    // Static fields are read once per execution environment, when Init loads the class.
    private static final String TABLE_NAME = required("TABLE_NAME");
    private static final String GREETING = Objects.requireNonNullElse(System.getenv("GREETING"), "Hello");

    private static String required(String key) {
        String value = System.getenv(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("Missing environment variable " + key);
        }
        return value;
    }

    @Override
    public Map<String, String> handleRequest(Map<String, String> event, Context context) {
        String name = event.getOrDefault("name", "world");
        return Map.of("table", TABLE_NAME, "message", GREETING + ", " + name + "!");
    }
}
