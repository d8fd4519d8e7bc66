# Lab 7: layer order and limits.
# Every dojo_* module here comes from a layer that function.json lists. Lambda extracts the
# layers into /opt one after another, in the order listed: where two layers hold the same
# file, the function sees the copy from the layer extracted last.
import dojo_currency
import dojo_format
import dojo_ids
import dojo_slug
import dojo_text
import dojo_time


def lambda_handler(event, context):
    price = dojo_format.money(event.get("cents", 0), event.get("currency", "EUR"))
    helpers = {
        "currency": dojo_currency.VERSION,
        "text": dojo_text.VERSION,
        "slug": dojo_slug.VERSION,
        "time": dojo_time.VERSION,
        "ids": dojo_ids.VERSION,
    }
    print(f"Formatted {price} with dojo_format {dojo_format.VERSION}; helpers {helpers}")
    return {"price": price, "formatVersion": dojo_format.VERSION, "helpers": helpers}
