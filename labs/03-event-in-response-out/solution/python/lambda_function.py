import json


# Raised, not answered: an order the shop cannot serve is an error worth an alarm.
# Lambda reports the exception's class name as the errorType.
class OutOfStockError(Exception):
    pass


def respond(status_code, body):
    return {
        "statusCode": status_code,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body),
    }


def lambda_handler(event, context):
    try:
        order = json.loads(event.get("body") or "")
    except json.JSONDecodeError:
        return respond(400, {"error": 'The body must be JSON, for example {"item": "tea", "quantity": 2}'})
    if not isinstance(order, dict):
        return respond(400, {"error": "The body must be a JSON object"})
    item, quantity = order.get("item"), order.get("quantity")
    if not isinstance(item, str) or item == "":
        return respond(400, {"error": "item must be a non-empty string"})
    # bool is a subclass of int in Python, so true would pass isinstance(quantity, int).
    if type(quantity) is not int or quantity < 1:
        return respond(400, {"error": "quantity must be a whole number of at least 1"})
    if item == "unicorn":
        raise OutOfStockError(f"Sorry, we are out of {item}")
    return respond(201, {"item": item, "quantity": quantity, "status": "accepted"})
