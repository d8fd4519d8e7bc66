"""dojo_text 1.2.0: text helpers."""

VERSION = "1.2.0"
