import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoreTest {
    private static final List<Core.Item> ITEMS = List.of(new Core.Item("A", 1250, 2), new Core.Item("B", 399, 1));

    @Test
    void addsUpUnitPriceTimesQuantity() {
        assertEquals(new Core.Quote(2899, 0, 2899), Core.priceOrder(ITEMS, null));
    }

    @Test
    void save10TakesTenPercentRoundedDown() {
        assertEquals(new Core.Quote(2899, 289, 2610), Core.priceOrder(ITEMS, "SAVE10"));
    }

    @Test
    void flat500NeverTakesMoreThanTheSubtotal() {
        assertEquals(new Core.Quote(300, 300, 0), Core.priceOrder(List.of(new Core.Item("C", 300, 1)), "FLAT500"));
    }

    @Test
    void unknownCouponGivesNoDiscount() {
        assertEquals(0, Core.priceOrder(ITEMS, "NOPE").discountCents());
    }
}
