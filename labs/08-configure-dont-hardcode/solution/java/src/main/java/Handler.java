import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Base64;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;

public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    // Static fields are set when Lambda loads the class, at init, once per execution
    // environment: a changed configuration starts new environments.
    private static final String TABLE_NAME = System.getenv("TABLE_NAME");
    private static final String STAGE = System.getenv("STAGE");
    private static final boolean DISCOUNTS_ENABLED = "true".equals(System.getenv("DISCOUNTS_ENABLED"));

    // Decrypted at init, once per environment; the plain key stays in memory only.
    private static final String API_KEY = decrypt(System.getenv("API_KEY"));
    private static final String API_KEY_FINGERPRINT = fingerprint(API_KEY);

    static {
        System.out.println("Starting: table=" + TABLE_NAME + " stage=" + STAGE + " discounts=" + DISCOUNTS_ENABLED + " apiKey fingerprint=" + API_KEY_FINGERPRINT);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("table", TABLE_NAME);
        response.put("stage", STAGE);
        response.put("discounts", DISCOUNTS_ENABLED);
        response.put("apiKeyFingerprint", API_KEY_FINGERPRINT);
        return response;
    }

    /** KMS Decrypt with the AWS SDK: the region, credentials and endpoint come from the environment Lambda sets. */
    private static String decrypt(String ciphertext) {
        try (KmsClient kms = KmsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            DecryptRequest request = DecryptRequest.builder().ciphertextBlob(SdkBytes.fromByteArray(Base64.getDecoder().decode(ciphertext))).build();
            return kms.decrypt(request).plaintext().asUtf8String();
        }
    }

    private static String fingerprint(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
