import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreTest {
    // The only way in is the handler: the test needs a Lambda event and a Context, and the
    // handler calls context.getLogger(), so null will not do.
    @Test
    void addsUpUnitPriceTimesQuantity() {
        Map<String, Object> event = Map.of("items", List.of(Map.of("sku", "A", "unitPriceCents", 1250, "quantity", 2)));
        assertEquals(2500L, new Handler().handleRequest(event, null).get("totalCents"));
    }
}
