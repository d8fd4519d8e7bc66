import base64
import os

import boto3

# boto3, which the Python runtime includes: here the client finds the local key service in
# AWS_ENDPOINT_URL_KMS, on AWS it reaches KMS itself.
kms = boto3.client("kms")

# Module level runs during Init: once per execution environment.
API_KEY = kms.decrypt(CiphertextBlob=base64.b64decode(os.environ["API_KEY"]))["Plaintext"].decode("utf-8")

def lambda_handler(event, context):
    return {"keyLength": len(API_KEY)}
