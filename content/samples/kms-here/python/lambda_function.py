import os

from dojo_kms import decrypt

# Module level runs during Init: once per execution environment.
API_KEY = decrypt(os.environ["API_KEY"])

def lambda_handler(event, context):
    return {"keyLength": len(API_KEY)}
