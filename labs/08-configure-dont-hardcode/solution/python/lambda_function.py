import hashlib
import os

from dojo_kms import decrypt

# Settings come from the configuration, read once per execution environment: a changed
# configuration starts new environments.
TABLE_NAME = os.environ["TABLE_NAME"]
STAGE = os.environ["STAGE"]
DISCOUNTS_ENABLED = os.environ.get("DISCOUNTS_ENABLED") == "true"

# Decrypted at init, once per environment; the plain key stays in memory only.
API_KEY = decrypt(os.environ["API_KEY"])
API_KEY_FINGERPRINT = hashlib.sha256(API_KEY.encode("utf-8")).hexdigest()[:12]

print(f"Starting: table={TABLE_NAME} stage={STAGE} discounts={DISCOUNTS_ENABLED} apiKey fingerprint={API_KEY_FINGERPRINT}")


def lambda_handler(event, context):
    return {"table": TABLE_NAME, "stage": STAGE, "discounts": DISCOUNTS_ENABLED, "apiKeyFingerprint": API_KEY_FINGERPRINT}
