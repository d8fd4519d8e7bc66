"""The core: plain values in, plain values out; nothing of Lambda."""
import math


def shipping_cents(weight_grams, express=False):
    standard = 500 + 2 * math.ceil(weight_grams / 100)
    return standard * 2 if express else standard
