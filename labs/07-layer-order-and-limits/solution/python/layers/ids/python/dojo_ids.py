"""dojo_ids 1.0.0: request and order ids."""

VERSION = "1.0.0"
