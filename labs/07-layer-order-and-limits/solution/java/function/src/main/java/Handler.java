import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dojo.Currency;
import dojo.Format;
import dojo.Ids;
import dojo.Slug;
import dojo.Text;
import dojo.Time;
import java.util.LinkedHashMap;
import java.util.Map;

// Lab 7: layer order and limits.
// Every dojo.* class here comes from a jar in a layer that function.json lists. Lambda
// extracts the layers into /opt one after another, in the order listed: where two layers
// hold the same file (the same jar name in java/lib), the function sees the copy from the
// layer extracted last.
public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Object cents = event == null ? null : event.get("cents");
        Object currency = event == null ? null : event.get("currency");
        String price = Format.money(cents instanceof Number ? ((Number) cents).longValue() : 0, currency == null ? "EUR" : currency.toString());
        Map<String, String> helpers = new LinkedHashMap<>();
        helpers.put("currency", Currency.version());
        helpers.put("text", Text.version());
        helpers.put("slug", Slug.version());
        helpers.put("time", Time.version());
        helpers.put("ids", Ids.version());
        System.out.println("Formatted " + price + " with dojo.Format " + Format.version() + "; helpers " + helpers);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("price", price);
        response.put("formatVersion", Format.version());
        response.put("helpers", helpers);
        return response;
    }
}
