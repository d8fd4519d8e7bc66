# An origin-response function: CloudFront calls it with what the origin answered, before it
# caches the answer. Return the response, changed or not.


def lambda_handler(event, context):
    response = event["Records"][0]["cf"]["response"]
    headers = response["headers"]

    headers["strict-transport-security"] = [{"key": "Strict-Transport-Security", "value": "max-age=63072000; includeSubDomains"}]
    headers["x-content-type-options"] = [{"key": "X-Content-Type-Options", "value": "nosniff"}]
    headers["x-frame-options"] = [{"key": "X-Frame-Options", "value": "DENY"}]
    # TODO: Referrer-Policy and Content-Security-Policy.

    # Do not tell visitors which servers answered.
    headers.pop("server", None)
    headers["via"] = [{"key": "Via", "value": "secure-proxy"}]

    # TODO: Cache-Control: HTML revalidated on every request, other files kept for a year.

    return response
