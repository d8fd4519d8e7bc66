import base64
import hashlib
import os

import boto3

# Settings come from the configuration, read once per execution environment: a changed
# configuration starts new environments.
TABLE_NAME = os.environ["TABLE_NAME"]
STAGE = os.environ["STAGE"]
DISCOUNTS_ENABLED = os.environ.get("DISCOUNTS_ENABLED") == "true"

# boto3, which the Python runtime includes: the client finds the region, the credentials and
# the KMS endpoint (AWS_ENDPOINT_URL_KMS here, KMS's own on AWS) in the function's environment.
# Decrypted at init, once per environment; the plain key stays in memory only.
kms = boto3.client("kms")
API_KEY = kms.decrypt(CiphertextBlob=base64.b64decode(os.environ["API_KEY"]))["Plaintext"].decode("utf-8")
API_KEY_FINGERPRINT = hashlib.sha256(API_KEY.encode("utf-8")).hexdigest()[:12]

print(f"Starting: table={TABLE_NAME} stage={STAGE} discounts={DISCOUNTS_ENABLED} apiKey fingerprint={API_KEY_FINGERPRINT}")


def lambda_handler(event, context):
    return {"table": TABLE_NAME, "stage": STAGE, "discounts": DISCOUNTS_ENABLED, "apiKeyFingerprint": API_KEY_FINGERPRINT}
