package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

public class WhoAmI implements RequestHandler<Map<String, Object>, Map<String, String>> {
    @Override
    public Map<String, String> handleRequest(Map<String, Object> event, Context context) {
        return Map.of("version", context.getFunctionVersion(), "invokedAs", context.getInvokedFunctionArn());
    }
}
