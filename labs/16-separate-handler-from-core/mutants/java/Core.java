import java.util.List;

/**
 * A broken core for the grader: it forgets the quantity. The learner's tests should notice.
 */
public final class Core {
    public record Item(String sku, long unitPriceCents, long quantity) {}

    public record Quote(long subtotalCents, long discountCents, long totalCents) {}

    private Core() {}

    /** Prices the items with an optional coupon code (null for none). */
    public static Quote priceOrder(List<Item> items, String coupon) {
        long subtotal = 0;
        for (Item item : items) subtotal += item.unitPriceCents();
        long discount = 0;
        if ("SAVE10".equals(coupon)) discount = subtotal * 10 / 100;
        if ("FLAT500".equals(coupon)) discount = Math.min(500, subtotal);
        return new Quote(subtotal, discount, subtotal - discount);
    }
}
