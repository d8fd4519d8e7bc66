// A TOKEN authorizer: API Gateway sends the Authorization header as authorizationToken and the
// method's ARN as methodArn; the answer is who the caller is and an IAM policy.
package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import java.util.List;
import java.util.Map;

public class TokenAuthorizer implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> {
    private static final Map<String, String> USERS = Map.of("token-ada", "ada", "token-grace", "grace");

    @Override
    public IamPolicyResponseV1 handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
        String token = event.getAuthorizationToken() == null ? "" : event.getAuthorizationToken();
        String userId = USERS.get(token.startsWith("Bearer ") ? token.substring("Bearer ".length()) : token);
        // This exact message makes API Gateway answer 401 instead of 500.
        if (userId == null) throw new RuntimeException("Unauthorized");

        // arn:aws:execute-api:region:account:apiId/stage/VERB/path -> every GET of this API and stage,
        // so a cached answer also fits the caller's next GET on another path.
        String[] parts = event.getMethodArn().split("/");
        return IamPolicyResponseV1.builder()
            .withPrincipalId(userId)
            .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                .withStatement(List.of(IamPolicyResponseV1.allowStatement(parts[0] + "/" + parts[1] + "/GET/*")))
                .build())
            .withContext(Map.of("userId", userId))
            .build();
    }
}
