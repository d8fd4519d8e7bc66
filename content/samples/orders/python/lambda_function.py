def lambda_handler(event, context):
    drink = event.get("drink", "coffee")  # a field the event may not have
    print(f"Order for {drink}")
    return {"order": f"One {drink}, coming up"}
