import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The handler only adapts: it takes the event apart, calls the core, and shapes the answer. */
public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        List<Core.Item> items = new ArrayList<>();
        for (Map<String, Object> line : (List<Map<String, Object>>) event.get("items")) {
            items.add(new Core.Item(String.valueOf(line.get("sku")), ((Number) line.get("unitPriceCents")).longValue(), ((Number) line.get("quantity")).longValue()));
        }
        context.getLogger().log("pricing " + items.size() + " items for request " + context.getAwsRequestId());
        Core.Quote quote = Core.priceOrder(items, (String) event.get("coupon"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("subtotalCents", quote.subtotalCents());
        answer.put("discountCents", quote.discountCents());
        answer.put("totalCents", quote.totalCents());
        return answer;
    }
}
