"""dojo_format 1.4.0: a copy of the team's formatter, taken before 2.0.0."""

VERSION = "1.4.0"


def money(cents, currency):
    """1205, "EUR" -> "12.05 EUR"."""
    return f"{cents // 100}.{cents % 100} {currency}"
