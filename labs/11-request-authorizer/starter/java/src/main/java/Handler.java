import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

public class Handler implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> {
    // Made once per execution environment; the table's name comes from the configuration.
    private static final DynamoDbClient DYNAMODB = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    private static final String TABLE_NAME = System.getenv("TABLE_NAME");

    @Override
    public SimpleIAMPolicyResponse handleRequest(APIGatewayV2CustomAuthorizerEvent event, Context context) {
        String apiKey = event.getHeaders() == null ? null : event.getHeaders().get("x-api-key");
        if (apiKey == null || apiKey.isEmpty()) return SimpleIAMPolicyResponse.builder().withIsAuthorized(false).build();
        GetItemResponse answer = DYNAMODB.getItem(request -> request.tableName(TABLE_NAME).key(Map.of("apiKey", AttributeValue.fromS(apiKey))));
        if (!answer.hasItem()) return SimpleIAMPolicyResponse.builder().withIsAuthorized(false).build();

        // TODO: the key must be registered for the device in the query string (the item's device),
        // and a WebSocket $connect event (it has a methodArn) needs an IAM policy, not a simple response.
        return SimpleIAMPolicyResponse.builder().withIsAuthorized(true).withContext(Map.of("userId", answer.item().get("userId").s())).build();
    }
}
