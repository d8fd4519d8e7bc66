# A viewer-request function: CloudFront calls it with each viewer's request, before it looks in
# its cache. Return the request (changed or not) to go on, or a response to answer at once.


def lambda_handler(event, context):
    request = event["Records"][0]["cf"]["request"]

    # Moved pages are answered here: CloudFront sends this response without asking the origin.
    if request["uri"].startswith("/docs/"):
        return {
            "status": "301",
            "statusDescription": "Moved Permanently",
            "headers": {"location": [{"key": "Location", "value": "/guide/" + request["uri"][len("/docs/"):]}]},
        }

    # Pretty URLs: a path without a file name is the folder's index.html.
    uri = request["uri"]
    if "." not in uri.split("/")[-1]:
        uri = uri.rstrip("/") + "/index.html"

    # Phones get the pages under /m. Host is read-only in viewer requests; the URI is not.
    user_agent = request["headers"].get("user-agent", [{"value": ""}])[0]["value"]
    if "Mobile" in user_agent:
        uri = "/m" + uri

    request["uri"] = uri
    return request
