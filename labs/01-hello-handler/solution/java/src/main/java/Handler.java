import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    // Set once per execution environment, during init: true only until the first invocation.
    private static boolean coldStart = true;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Object name = event == null ? null : event.get("name");
        if (name == null) name = "world";
        boolean wasCold = coldStart;
        coldStart = false;
        System.out.println("Greeting " + name + " (cold start: " + wasCold + ")");
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("message", "Hello, " + name + "!");
        response.put("coldStart", wasCold);
        return response;
    }
}
