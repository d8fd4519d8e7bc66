import unittest
from types import SimpleNamespace

# The only way in is the handler: the test must build a Lambda event and a fake context.
from lambda_function import lambda_handler


class PriceOrderTest(unittest.TestCase):
    def test_adds_up_unit_price_times_quantity(self):
        event = {"items": [{"sku": "A", "unitPriceCents": 1250, "quantity": 2}]}
        context = SimpleNamespace(aws_request_id="test")
        self.assertEqual(lambda_handler(event, context)["totalCents"], 2500)


if __name__ == "__main__":
    unittest.main()
