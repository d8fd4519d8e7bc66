import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

// Both APIs call this one function with events of two shapes, so it reads the event itself.
public class Handler implements RequestStreamHandler {
    // As Lambda's serializer reads and writes: unknown fields ignored, no nulls out.
    private static final ObjectMapper JSON = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    // Made once per execution environment; the table's name comes from the configuration.
    private static final DynamoDbClient DYNAMODB = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    private static final String TABLE_NAME = System.getenv("TABLE_NAME");

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        Object answer = event.hasNonNull("methodArn")
            ? connect(JSON.treeToValue(event, APIGatewayCustomAuthorizerEvent.class))
            : request(JSON.treeToValue(event, APIGatewayV2CustomAuthorizerEvent.class));
        JSON.writeValue(output, answer);
    }

    // A WebSocket $connect (and a REST API) sends methodArn and reads an IAM policy.
    private static IamPolicyResponseV1 connect(APIGatewayCustomAuthorizerEvent event) {
        String device = get(event.getQueryStringParameters(), "device");
        String userId = callerOf(header(event.getHeaders(), "x-api-key"), device);
        if (userId == null) throw new RuntimeException("Unauthorized");
        return IamPolicyResponseV1.builder()
            .withPrincipalId(userId)
            .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                .withStatement(List.of(IamPolicyResponseV1.allowStatement(event.getMethodArn())))
                .build())
            .withContext(Map.of("userId", userId, "device", device))
            .build();
    }

    // An HTTP API with payload format 2.0 and simple responses reads yes or no.
    private static SimpleIAMPolicyResponse request(APIGatewayV2CustomAuthorizerEvent event) {
        String device = get(event.getQueryStringParameters(), "device");
        String userId = callerOf(header(event.getHeaders(), "x-api-key"), device);
        if (userId == null) return SimpleIAMPolicyResponse.builder().withIsAuthorized(false).build();
        return SimpleIAMPolicyResponse.builder().withIsAuthorized(true).withContext(Map.of("userId", userId, "device", device)).build();
    }

    // The caller's user id when the API key is known and registered for this device; otherwise null.
    private static String callerOf(String apiKey, String device) {
        if (apiKey == null || apiKey.isEmpty() || device == null || device.isEmpty()) return null;
        GetItemResponse answer = DYNAMODB.getItem(request -> request.tableName(TABLE_NAME).key(Map.of("apiKey", AttributeValue.fromS(apiKey))));
        if (!answer.hasItem() || !device.equals(answer.item().get("device").s())) return null;
        return answer.item().get("userId").s();
    }

    // A header by name in any case: HTTP API's payload 2.0 lower-cases names, WebSocket events keep the client's.
    private static String header(Map<String, String> headers, String name) {
        if (headers == null) return null;
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static String get(Map<String, String> values, String name) {
        return values == null ? null : values.get(name);
    }
}
