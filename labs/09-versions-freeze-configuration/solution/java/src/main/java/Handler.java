import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    // Read once per execution environment: an environment runs one version, and a version's
    // configuration never changes.
    private static final String GREETING = System.getenv("GREETING");

    /** The alias in an ARN such as arn:aws:lambda:us-east-1:123456789012:function:lab9:live, else null. */
    static String aliasOf(String invokedFunctionArn) {
        String[] parts = invokedFunctionArn.split(":");
        if (parts.length < 8) return null;
        String qualifier = parts[7];
        // A version ($LATEST or a number) is not an alias.
        if (qualifier.equals("$LATEST") || qualifier.matches("\\d+")) return null;
        return qualifier;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("version", context.getFunctionVersion());
        response.put("alias", aliasOf(context.getInvokedFunctionArn()));
        response.put("greeting", GREETING);
        return response;
    }
}
