# dojo_ids 1.0.0: request and order ids.
module DojoIds
  VERSION = '1.0.0'
end
