# An HTTP API authorizer with simple responses (payload format 2.0): the request's headers
# arrive with lower-case names, and the answer is only yes or no, plus context.
USERS = {"token-ada": "ada", "token-grace": "grace"}


def lambda_handler(event, context):
    token = (event.get("headers") or {}).get("authorization", "").removeprefix("Bearer ")
    user_id = USERS.get(token)
    if user_id is None:
        return {"isAuthorized": False}
    return {"isAuthorized": True, "context": {"userId": user_id}}
