package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShippingTest {
    @Test
    void fiveHundredCentsPlusTwoPerStartedHundredGrams() {
        assertEquals(526, Shipping.shippingCents(1250, false));
    }

    @Test
    void expressDoublesThePrice() {
        assertEquals(1052, Shipping.shippingCents(1250, true));
    }
}
