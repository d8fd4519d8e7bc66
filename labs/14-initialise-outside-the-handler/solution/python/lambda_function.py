import http.client
import json
import os
from urllib.parse import quote, urlparse

BACKEND = urlparse(os.environ["BACKEND_URL"])

# Made once per execution environment, at init (module level): every warm invocation reuses
# this connection, which HTTP/1.1 keeps alive between requests.
CONNECTION = http.client.HTTPConnection(BACKEND.hostname, BACKEND.port, timeout=5)


def call(method, path, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    CONNECTION.request(method, path, headers=headers)
    response = CONNECTION.getresponse()
    body = response.read()  # read to the end, so the connection can carry the next request
    if response.status != 200:
        raise RuntimeError(f"{method} {path}: {response.status} {body.decode()}")
    return json.loads(body)


TOKEN = call("POST", "/connect")["token"]


def lambda_handler(event, context):
    price = call("GET", f"/prices/{quote(event['sku'])}", TOKEN)
    return {"sku": event["sku"], "priceCents": price["priceCents"]}
