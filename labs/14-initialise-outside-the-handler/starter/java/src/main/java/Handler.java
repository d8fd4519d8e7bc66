import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final String BACKEND = System.getenv("BACKEND_URL");

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        // A new client and a new connection on every invocation.
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        String token = field(call(client, "POST", "/connect", null), "token");
        String sku = String.valueOf(event.get("sku"));
        String answer = call(client, "GET", "/prices/" + URLEncoder.encode(sku, StandardCharsets.UTF_8), token);
        Map<String, Object> quote = new LinkedHashMap<>();
        quote.put("sku", sku);
        quote.put("priceCents", Integer.parseInt(field(answer, "priceCents")));
        return quote;
    }

    private static String call(HttpClient client, String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BACKEND + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) request.header("Authorization", "Bearer " + token);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
            return response.body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    /** One field of the backend's small, flat JSON answers (a string or a number). */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)").matcher(json);
        if (!m.find()) throw new IllegalStateException("no " + name + " in " + json);
        return m.group(1);
    }
}
