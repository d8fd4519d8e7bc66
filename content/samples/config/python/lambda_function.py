import os

# Read once per execution environment, during Init.
TABLE_NAME = os.environ.get("TABLE_NAME")
if not TABLE_NAME:
    raise RuntimeError("Missing environment variable TABLE_NAME")
GREETING = os.environ.get("GREETING", "Hello")  # optional, with a default

def lambda_handler(event, context):
    return {"table": TABLE_NAME, "message": f"{GREETING}, {event.get('name', 'world')}!"}
