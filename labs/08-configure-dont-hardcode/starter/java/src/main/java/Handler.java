// Lab 8: configure, don't hardcode. The Handler setting names this method: Handler::handleRequest.
// This function's settings are written into its code: moving it to another table or stage
// means changing the code, and everyone who can read the code (or the log) has the API key.
// Its function.json already sets TABLE_NAME, STAGE and DISCOUNTS_ENABLED.

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    // Your code here: read these from the environment, and the API key from the encrypted
    // variable API_KEY, decrypted once, at init, with the AWS SDK's KMS client (KmsClient,
    // software.amazon.awssdk:kms, already in pom.xml).
    private static final String TABLE_NAME = "orders-dev";
    private static final String STAGE = "dev";
    private static final boolean DISCOUNTS_ENABLED = false;
    private static final String API_KEY = "dojo-demo-key-8c41f0e2";

    static {
        System.out.println("Starting: table=" + TABLE_NAME + " stage=" + STAGE + " discounts=" + DISCOUNTS_ENABLED + " apiKey=" + API_KEY);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("table", TABLE_NAME);
        response.put("stage", STAGE);
        response.put("discounts", DISCOUNTS_ENABLED);
        response.put("apiKeyFingerprint", fingerprint(API_KEY));
        return response;
    }

    /** A short fingerprint tells keys apart without showing them: the first 12 hex digits of the SHA-256. */
    private static String fingerprint(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
