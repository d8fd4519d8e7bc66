# The function the Python variant of the runtime runs: handler "function.handler" is this
# module's handler(event, context). Same behaviour as function.sh.


class HandlerError(Exception):
    """Its class name is the errorType the runtime reports."""


def handler(event, context):
    if event.get("fail") is True:
        raise HandlerError("Failing on purpose: the event asked for it")
    name = event.get("name") or "world"
    print(f"Greeting {name} in request {context.aws_request_id}")
    return {"message": f"Hello, {name}!", "requestId": context.aws_request_id}
