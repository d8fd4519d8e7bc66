# An origin-response function: CloudFront calls it with what the origin answered, before it
# caches the answer. Return the response, changed or not.

SECURITY = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


def lambda_handler(event, context):
    request = event["Records"][0]["cf"]["request"]
    response = event["Records"][0]["cf"]["response"]
    headers = response["headers"]

    # Every answer, errors included: origin-response runs for all of them.
    for key, value in SECURITY.items():
        headers[key.lower()] = [{"key": key, "value": value}]

    # Hiding the origin's name is fine; Via is CloudFront's, and read-only.
    headers.pop("server", None)

    if response["status"] == "200":
        html = request["uri"].endswith(".html") or request["uri"].endswith("/")
        cache_control = "no-cache" if html else "public, max-age=31536000, immutable"
        headers["cache-control"] = [{"key": "Cache-Control", "value": cache_control}]
    return response
