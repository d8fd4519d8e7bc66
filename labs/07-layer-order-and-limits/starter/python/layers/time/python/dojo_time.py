"""dojo_time 3.1.0: date and time helpers."""

VERSION = "3.1.0"
