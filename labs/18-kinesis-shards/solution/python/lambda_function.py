# Lab 18: a payments consumer fed by a Kinesis stream through an event source mapping.
# Each record's data is a payment: {"account": "acct-1", "amountCents": 250}.
import base64
import json


# A record that cannot be read fails the invocation: the mapping then bisects the batch down to
# that record and, its retries spent, describes it to the on-failure destination, while every
# other record of the shard goes through (DG services-kinesis-parameters.html).
def lambda_handler(event, context):
    total_cents = 0
    for record in event["Records"]:
        payment = json.loads(base64.b64decode(record["kinesis"]["data"]))
        total_cents += payment["amountCents"]
    return {"records": len(event["Records"]), "totalCents": total_cents}
