import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything in the handler: the pricing rules can only be reached through a Lambda event and
 * context, so testing them means faking both (and Context has a dozen methods).
 */
public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        List<Map<String, Object>> items = (List<Map<String, Object>>) event.get("items");
        context.getLogger().log("pricing " + items.size() + " items for request " + context.getAwsRequestId());
        long subtotal = 0;
        for (Map<String, Object> line : items) subtotal += ((Number) line.get("unitPriceCents")).longValue() * ((Number) line.get("quantity")).longValue();
        long discount = 0;
        if ("SAVE10".equals(event.get("coupon"))) discount = subtotal * 10 / 100;
        if ("FLAT500".equals(event.get("coupon"))) discount = Math.min(500, subtotal);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("subtotalCents", subtotal);
        answer.put("discountCents", discount);
        answer.put("totalCents", subtotal - discount);
        return answer;
    }
}
