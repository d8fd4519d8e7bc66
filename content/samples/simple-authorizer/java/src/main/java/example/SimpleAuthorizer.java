// An HTTP API authorizer with simple responses (payload format 2.0): the request's headers
// arrive with lower-case names, and the answer is only yes or no, plus context.
package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import java.util.Map;

public class SimpleAuthorizer implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> {
    private static final Map<String, String> USERS = Map.of("token-ada", "ada", "token-grace", "grace");

    @Override
    public SimpleIAMPolicyResponse handleRequest(APIGatewayV2CustomAuthorizerEvent event, Context context) {
        Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
        String token = headers.getOrDefault("authorization", "");
        String userId = USERS.get(token.startsWith("Bearer ") ? token.substring("Bearer ".length()) : token);
        if (userId == null) return SimpleIAMPolicyResponse.builder().withIsAuthorized(false).build();
        return SimpleIAMPolicyResponse.builder().withIsAuthorized(true).withContext(Map.of("userId", userId)).build();
    }
}
