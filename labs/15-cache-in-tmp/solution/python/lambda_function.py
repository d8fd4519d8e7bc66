import json
import os
import tempfile
import urllib.request
from urllib.parse import urlparse

ASSET_URL = os.environ["ASSET_URL"]

# /tmp belongs to the execution environment and outlives each invocation: the first invocation
# of an environment downloads the asset, every later one reads it from here.
CACHED_FILE = os.path.join(tempfile.gettempdir(), os.path.basename(urlparse(ASSET_URL).path))


def rates():
    if not os.path.exists(CACHED_FILE):
        partial = CACHED_FILE + ".partial"
        # Written under another name first, so a half-written file is never taken for the asset.
        with urllib.request.urlopen(ASSET_URL, timeout=5) as response, open(partial, "wb") as out:
            out.write(response.read())
        os.replace(partial, CACHED_FILE)
    with open(CACHED_FILE, encoding="utf-8") as f:
        return json.load(f)


def lambda_handler(event, context):
    asset = rates()
    country = event["country"]
    return {"country": country, "ratePercent": asset["rates"].get(country), "assetVersion": asset["version"], "cachedFile": CACHED_FILE}
