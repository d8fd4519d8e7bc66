// Lab 9: versions freeze configuration. The Handler setting names this method: Handler::handleRequest.
// The same code runs as $LATEST, as each published version, and behind each alias. Lambda
// tells the function which of these it is: the context carries the version that is running
// and the ARN the caller used.

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.HashMap;
import java.util.Map;

public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    // Configuration comes from the environment, read once when the execution environment starts.
    private static final String GREETING = System.getenv("GREETING");

    // The release this code belongs to, kept by hand.
    private static final String VERSION = "$LATEST";

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        // Your code here: report the version that is running and the alias this call came
        // through (null when there is none), from what Lambda gives the function.
        Map<String, Object> response = new HashMap<>();
        response.put("version", VERSION);
        response.put("alias", null);
        response.put("greeting", GREETING);
        return response;
    }
}
