import unittest

from core import price_order

ITEMS = [
    {"sku": "A", "unitPriceCents": 1250, "quantity": 2},
    {"sku": "B", "unitPriceCents": 399, "quantity": 1},
]


class PriceOrderTest(unittest.TestCase):
    def test_adds_up_unit_price_times_quantity(self):
        self.assertEqual(price_order(ITEMS), {"subtotalCents": 2899, "discountCents": 0, "totalCents": 2899})

    def test_save10_takes_ten_percent_rounded_down(self):
        self.assertEqual(price_order(ITEMS, "SAVE10"), {"subtotalCents": 2899, "discountCents": 289, "totalCents": 2610})

    def test_flat500_never_takes_more_than_the_subtotal(self):
        quote = price_order([{"sku": "C", "unitPriceCents": 300, "quantity": 1}], "FLAT500")
        self.assertEqual(quote, {"subtotalCents": 300, "discountCents": 300, "totalCents": 0})

    def test_unknown_coupon_gives_no_discount(self):
        self.assertEqual(price_order(ITEMS, "NOPE")["discountCents"], 0)


if __name__ == "__main__":
    unittest.main()
