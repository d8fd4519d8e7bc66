"""dojo_format 2.0.0: the team's shared formatter, published as a layer."""

VERSION = "2.0.0"


def money(cents, currency):
    """1205, "EUR" -> "12.05 EUR"."""
    return f"{cents // 100}.{cents % 100:02d} {currency}"
