import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

public class Handler implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> {
    private static final Pattern BEARER = Pattern.compile("Bearer (\\S+)");
    // Made once per execution environment; the table's name comes from the configuration.
    private static final DynamoDbClient DYNAMODB = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    private static final String TABLE_NAME = System.getenv("TABLE_NAME");

    @Override
    public IamPolicyResponseV1 handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
        // "Bearer <token>": anything else is not a token of ours.
        Matcher bearer = BEARER.matcher(event.getAuthorizationToken() == null ? "" : event.getAuthorizationToken());
        if (!bearer.matches()) throw new RuntimeException("Unauthorized");

        GetItemResponse answer = DYNAMODB.getItem(request -> request.tableName(TABLE_NAME).key(Map.of("token", AttributeValue.fromS(bearer.group(1)))));
        // The exact message "Unauthorized" is what API Gateway turns into a 401.
        if (!answer.hasItem()) throw new RuntimeException("Unauthorized");
        String userId = answer.item().get("userId").s();

        // arn:aws:execute-api:region:account:api/stage/VERB/path: the policy names every order of
        // this API and stage, not only this request's method, because API Gateway caches it for
        // the token and applies it to the caller's next requests too.
        String[] parts = event.getMethodArn().split("/");
        String orders = parts[0] + "/" + parts[1] + "/";
        return IamPolicyResponseV1.builder()
            .withPrincipalId(userId)
            .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                .withStatement(List.of(
                    IamPolicyResponseV1.allowStatement(orders + "*/orders/*"),
                    // An explicit Deny wins over the Allow above.
                    IamPolicyResponseV1.denyStatement(orders + "DELETE/orders/*")))
                .build())
            .withContext(Map.of("userId", userId))
            .build();
    }
}
