import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final String ASSET_URL = System.getenv("ASSET_URL");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    // /tmp belongs to the execution environment and outlives each invocation: the first
    // invocation of an environment downloads the asset, every later one reads it from here.
    private static final Path CACHED_FILE = Path.of(System.getProperty("java.io.tmpdir"), Path.of(URI.create(ASSET_URL).getPath()).getFileName().toString());

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String json = rates();
        String country = String.valueOf(event.get("country"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("country", country);
        answer.put("ratePercent", rate(json, country));
        answer.put("assetVersion", find(json, "\"version\"\\s*:\\s*\"([^\"]*)\""));
        answer.put("cachedFile", CACHED_FILE.toString());
        return answer;
    }

    private static String rates() {
        try {
            if (!Files.exists(CACHED_FILE)) {
                // Written under another name first, so a half-written file is never taken for the asset.
                Path partial = CACHED_FILE.resolveSibling(CACHED_FILE.getFileName() + ".partial");
                HttpResponse<Path> response = CLIENT.send(HttpRequest.newBuilder(URI.create(ASSET_URL)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofFile(partial));
                if (response.statusCode() != 200) throw new IllegalStateException("GET " + ASSET_URL + ": " + response.statusCode());
                Files.move(partial, CACHED_FILE, StandardCopyOption.ATOMIC_MOVE);
            }
            return Files.readString(CACHED_FILE);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("reading the asset failed", e);
        }
    }

    /** The rate of one country in the asset's "rates" object (a whole number), or null. */
    private static Integer rate(String json, String country) {
        String value = find(json, "\"" + Pattern.quote(country) + "\"\\s*:\\s*(\\d+)");
        return value == null ? null : Integer.valueOf(value);
    }

    private static String find(String json, String regex) {
        Matcher m = Pattern.compile(regex).matcher(json);
        return m.find() ? m.group(1) : null;
    }
}
