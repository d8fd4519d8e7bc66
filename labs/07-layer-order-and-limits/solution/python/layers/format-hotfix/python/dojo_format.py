"""dojo_format 2.0.1: hotfix: currency codes in capitals, whatever the caller sends."""

VERSION = "2.0.1"


def money(cents, currency):
    """1205, "EUR" -> "12.05 EUR"."""
    return f"{cents // 100}.{cents % 100:02d} {currency.upper()}"
