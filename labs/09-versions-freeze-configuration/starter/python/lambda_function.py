# Lab 9: versions freeze configuration.
# The same code runs as $LATEST, as each published version, and behind each alias. Lambda
# tells the function which of these it is: the context carries the version that is running
# and the ARN the caller used.
import os

# Configuration comes from the environment, read once when the execution environment starts.
GREETING = os.environ.get("GREETING")

# The release this code belongs to, kept by hand.
VERSION = "$LATEST"


def lambda_handler(event, context):
    # Your code here: report the version that is running and the alias this call came
    # through (None when there is none), from what Lambda gives the function.
    return {"version": VERSION, "alias": None, "greeting": GREETING}
