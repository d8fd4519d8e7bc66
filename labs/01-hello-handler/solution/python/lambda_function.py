# Runs once per execution environment, during init: True only until the first invocation.
cold_start = True


def lambda_handler(event, context):
    global cold_start
    name = event.get("name", "world")
    was_cold = cold_start
    cold_start = False
    print(f"Greeting {name} (cold start: {was_cold})")
    return {"message": f"Hello, {name}!", "coldStart": was_cold}
