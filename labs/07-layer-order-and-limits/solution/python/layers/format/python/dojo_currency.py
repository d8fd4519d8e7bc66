"""dojo_currency 1.1.0: currency names and symbols."""

VERSION = "1.1.0"
