# The floor of a warm invoke in Python: the smallest runtime that speaks the Runtime API (GET
# next, POST response, over one kept-alive connection) and does the echo fixture's work.
import http.client
import json
import os

host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
connection = http.client.HTTPConnection(host, int(port))
base = "/2018-06-01/runtime/invocation"

while True:
    connection.request("GET", base + "/next")
    response = connection.getresponse()
    event = json.loads(response.read())
    request_id = response.getheader("Lambda-Runtime-Aws-Request-Id")
    body = json.dumps({"received": event}).encode()
    connection.request("POST", f"{base}/{request_id}/response", body=body, headers={"Content-Type": "application/json"})
    connection.getresponse().read()
