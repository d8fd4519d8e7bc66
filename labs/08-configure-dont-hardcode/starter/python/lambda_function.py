# Lab 8: configure, don't hardcode.
# This function's settings are written into its code: moving it to another table or stage
# means changing the code, and everyone who can read the code (or the log) has the API key.
# Its function.json already sets TABLE_NAME, STAGE and DISCOUNTS_ENABLED.

import hashlib

# Your code here: read these from the environment, and the API key from the encrypted
# variable API_KEY, decrypted once, at init.
TABLE_NAME = "orders-dev"
STAGE = "dev"
DISCOUNTS_ENABLED = False
API_KEY = "dojo-demo-key-8c41f0e2"

print(f"Starting: table={TABLE_NAME} stage={STAGE} discounts={DISCOUNTS_ENABLED} apiKey={API_KEY}")


def lambda_handler(event, context):
    # A short fingerprint tells keys apart without showing them: the first 12 hex digits of the SHA-256.
    fingerprint = hashlib.sha256(API_KEY.encode("utf-8")).hexdigest()[:12]
    return {"table": TABLE_NAME, "stage": STAGE, "discounts": DISCOUNTS_ENABLED, "apiKeyFingerprint": fingerprint}
