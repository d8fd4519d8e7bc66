from greeting import greet  # /opt/python is on the module search path

def lambda_handler(event, context):
    return {"message": greet(event.get("name", "world"))}
