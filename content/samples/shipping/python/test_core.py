import unittest

from core import shipping_cents


class ShippingTest(unittest.TestCase):
    def test_500_cents_plus_2_per_started_100_grams(self):
        self.assertEqual(shipping_cents(1250), 526)

    def test_express_doubles_the_price(self):
        self.assertEqual(shipping_cents(1250, express=True), 1052)
