import os

# Read once per execution environment: an environment runs one version, and a version's
# configuration never changes.
GREETING = os.environ.get("GREETING")


def alias_of(invoked_function_arn):
    """The alias in an ARN such as arn:aws:lambda:us-east-1:123456789012:function:lab9:live, else None."""
    parts = invoked_function_arn.split(":")
    if len(parts) < 8:
        return None
    qualifier = parts[7]
    # A version ($LATEST or a number) is not an alias.
    if qualifier == "$LATEST" or qualifier.isdigit():
        return None
    return qualifier


def lambda_handler(event, context):
    return {
        "version": context.function_version,
        "alias": alias_of(context.invoked_function_arn),
        "greeting": GREETING,
    }
