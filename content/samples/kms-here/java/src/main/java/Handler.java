import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;

public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    // Decrypted once per execution environment, when Init loads the class. The SDK finds the
    // region, the credentials and the local key service (AWS_ENDPOINT_URL_KMS) in the environment.
    private static final String API_KEY = decrypt(System.getenv("API_KEY"));

    private static String decrypt(String encrypted) {
        try (KmsClient kms = KmsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            DecryptRequest request = DecryptRequest.builder()
                .ciphertextBlob(SdkBytes.fromByteArray(Base64.getDecoder().decode(encrypted)))
                .build();
            return kms.decrypt(request).plaintext().asUtf8String();
        }
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Map.of("keyLength", API_KEY.length());
    }
}
