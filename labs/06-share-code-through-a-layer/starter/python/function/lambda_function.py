# Lab 6: share code through a layer.
# dojo_format is the team's shared formatter. Python imports the first dojo_format it finds
# on its path: the function's own folder comes first, then the folders where Lambda puts
# layer code, /opt/python and /opt/python/lib/python3.x/site-packages.
import dojo_format


def lambda_handler(event, context):
    price = dojo_format.money(event.get("cents", 0), event.get("currency", "EUR"))
    print(f"Formatted {price} with dojo_format {dojo_format.VERSION} from {dojo_format.__file__}")
    return {"price": price, "formatVersion": dojo_format.VERSION, "formatPath": dojo_format.__file__}
