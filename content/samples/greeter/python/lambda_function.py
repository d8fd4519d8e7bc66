# Handler string: lambda_function.lambda_handler (file, then function).
class InvalidName(Exception):
    """Its class name becomes the errorType the caller sees."""

def lambda_handler(event, context):
    name = event.get("name")
    if not isinstance(name, str) or not name:
        raise InvalidName("event.name must be a non-empty string")
    return {"greeting": f"Hello, {name}!"}
