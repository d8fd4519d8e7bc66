# A viewer-request function: CloudFront calls it with each viewer's request, before it looks in
# its cache. Return the request (changed or not) to go on, or a response to answer at once.


def lambda_handler(event, context):
    request = event["Records"][0]["cf"]["request"]
    user_agent = request["headers"].get("user-agent", [{"value": ""}])[0]["value"]

    # Phones get the mobile site: send them to the mobile host.
    if "Mobile" in user_agent:
        request["headers"]["host"] = [{"key": "Host", "value": "m.dojo-lab-12.example"}]

    # TODO: /docs/<page> has moved to /guide/<page>: answer with a 301 redirect from the edge.
    # TODO: pretty URLs: /about and /about/ are the file /about/index.html.

    return request
