# Lab 18: a payments consumer fed by a Kinesis stream through an event source mapping.
# Each record's data is a payment: {"account": "acct-1", "amountCents": 250}.
import base64
import json


def lambda_handler(event, context):
    total_cents = 0
    for record in event["Records"]:
        try:
            payment = json.loads(base64.b64decode(record["kinesis"]["data"]))
            total_cents += payment["amountCents"]
        except Exception as error:
            # "Keep the stream moving": skip what cannot be read.
            print(f"skipped record {record['kinesis']['sequenceNumber']}: {error}")
    return {"records": len(event["Records"]), "totalCents": total_cents}
