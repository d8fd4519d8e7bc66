package lambdadojo.kms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * KMS Decrypt for environment variables encrypted with {@code npm run encrypt}: the call a
 * Lambda function makes with the AWS SDK ({@code KmsClient.decrypt}), written with the JDK
 * alone against the local key service at AWS_ENDPOINT_URL_KMS. Call it during init (a static
 * field, say) and keep the result: one KMS call per execution environment, not one per invocation.
 *
 * <pre>
 * private static final String API_KEY = Kms.decrypt(System.getenv("API_KEY"));
 * </pre>
 */
public final class Kms {
    private Kms() {
    }

    public static String decrypt(String ciphertextBase64) {
        return decrypt(ciphertextBase64, Collections.<String, String>emptyMap());
    }

    public static String decrypt(String ciphertextBase64, Map<String, String> encryptionContext) {
        String endpoint = System.getenv("AWS_ENDPOINT_URL_KMS");
        if (endpoint == null || endpoint.isEmpty()) {
            throw new KmsException("KMSError", "AWS_ENDPOINT_URL_KMS is not set: Kms.decrypt works inside the Lambda Dojo runtime.");
        }
        if (ciphertextBase64 == null || ciphertextBase64.isEmpty()) {
            throw new IllegalArgumentException("Kms.decrypt needs the encrypted value (base64 text), e.g. Kms.decrypt(System.getenv(\"API_KEY\")).");
        }
        StringBuilder body = new StringBuilder("{\"CiphertextBlob\":").append(quote(ciphertextBase64)).append(",\"EncryptionContext\":{");
        boolean first = true;
        for (Map.Entry<String, String> pair : encryptionContext.entrySet()) {
            if (!first) body.append(',');
            body.append(quote(pair.getKey())).append(':').append(quote(pair.getValue()));
            first = false;
        }
        body.append("}}");

        int status;
        String text;
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL(endpoint + "/").openConnection();
            connection.setRequestMethod("POST");
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(10_000);
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/x-amz-json-1.1");
            connection.setRequestProperty("X-Amz-Target", "TrentService.Decrypt");
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            connection.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
            status = connection.getResponseCode();
            InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            text = in == null ? "" : readAll(in);
        } catch (IOException e) {
            throw new KmsException("KMSError", "the key service at " + endpoint + " did not answer: " + e);
        }
        Map<String, String> answer = flatJson(text);
        if (status != 200) {
            String type = answer.getOrDefault("__type", "KMSError");
            throw new KmsException(type, answer.getOrDefault("message", "KMS answered " + status));
        }
        String plaintext = answer.get("Plaintext");
        if (plaintext == null) throw new KmsException("KMSError", "the answer has no Plaintext: " + text);
        return new String(Base64.getDecoder().decode(plaintext), StandardCharsets.UTF_8);
    }

    private static String readAll(InputStream in) throws IOException {
        try (InputStream stream = in) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            for (int n; (n = stream.read(chunk)) != -1; ) buffer.write(chunk, 0, n);
            return new String(buffer.toByteArray(), StandardCharsets.UTF_8);
        }
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }

    /** The string members of a flat JSON object, which is all KMS's answers hold. */
    private static Map<String, String> flatJson(String text) {
        Map<String, String> members = new HashMap<>();
        int i = text.indexOf('{');
        if (i < 0) return members;
        i++;
        while (i < text.length()) {
            i = skipSpace(text, i);
            if (i >= text.length() || text.charAt(i) == '}') break;
            if (text.charAt(i) == ',') {
                i++;
                continue;
            }
            StringBuilder key = new StringBuilder();
            i = readString(text, i, key);
            i = skipSpace(text, i) + 1; // the colon
            i = skipSpace(text, i);
            if (i < text.length() && text.charAt(i) == '"') {
                StringBuilder value = new StringBuilder();
                i = readString(text, i, value);
                members.put(key.toString(), value.toString());
            } else {
                while (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '}') i++;
            }
        }
        return members;
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
        return i;
    }

    /** Reads the JSON string starting at the quote at i into out; returns the index after its closing quote. */
    private static int readString(String text, int i, StringBuilder out) {
        i++;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == '"') return i;
            if (c != '\\' || i >= text.length()) {
                out.append(c);
                continue;
            }
            char e = text.charAt(i++);
            switch (e) {
                case 'n': out.append('\n'); break;
                case 't': out.append('\t'); break;
                case 'r': out.append('\r'); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'u':
                    out.append((char) Integer.parseInt(text.substring(i, i + 4), 16));
                    i += 4;
                    break;
                default: out.append(e);
            }
        }
        return i;
    }
}
