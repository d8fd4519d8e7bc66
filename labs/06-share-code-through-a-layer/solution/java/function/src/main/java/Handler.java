import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dojo.Format;
import java.util.LinkedHashMap;
import java.util.Map;

// Lab 6: share code through a layer.
// dojo.Format is the team's shared formatter. The JVM loads the first dojo.Format it finds on
// its class path: the function's own classes come first, then its lib/*.jar, then the jars
// Lambda extracts from layers into /opt/java/lib.
public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Object cents = event == null ? null : event.get("cents");
        Object currency = event == null ? null : event.get("currency");
        String price = Format.money(cents instanceof Number ? ((Number) cents).longValue() : 0, currency == null ? "EUR" : currency.toString());
        // The jar (or the function's own folder) the class was loaded from.
        String path = Format.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        System.out.println("Formatted " + price + " with dojo.Format " + Format.version() + " from " + path);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("price", price);
        response.put("formatVersion", Format.version());
        response.put("formatPath", path);
        return response;
    }
}
