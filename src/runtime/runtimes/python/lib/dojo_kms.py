"""decrypt(): KMS Decrypt for environment variables encrypted with `npm run encrypt`.

The way a Lambda function calls KMS through boto3 (kms.decrypt), but with the standard
library against the local key service at AWS_ENDPOINT_URL_KMS. Call it during init and keep
the result: one KMS call per execution environment, not one per invocation.
"""

import base64
import json
import os
import urllib.request


class KMSError(Exception):
    pass


def decrypt(ciphertext_base64, encryption_context=None):
    endpoint = os.environ.get("AWS_ENDPOINT_URL_KMS")
    if not endpoint:
        raise KMSError("AWS_ENDPOINT_URL_KMS is not set: decrypt() works inside the Lambda Dojo runtime.")
    if not isinstance(ciphertext_base64, str) or not ciphertext_base64:
        raise TypeError("decrypt() needs the encrypted value (base64 text), e.g. decrypt(os.environ['API_KEY']).")
    body = json.dumps({"CiphertextBlob": ciphertext_base64, "EncryptionContext": encryption_context or {}}).encode()
    request = urllib.request.Request(
        endpoint + "/",
        data=body,
        headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "TrentService.Decrypt"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            answer = json.loads(response.read())
    except urllib.error.HTTPError as error:
        answer = json.loads(error.read() or b"{}")
        raise KMSError("%s: %s" % (answer.get("__type", "KMSError"), answer.get("message", error.reason))) from None
    return base64.b64decode(answer["Plaintext"]).decode("utf-8")
