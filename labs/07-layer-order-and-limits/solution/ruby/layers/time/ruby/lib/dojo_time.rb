# dojo_time 3.1.0: date and time helpers.
module DojoTime
  VERSION = '3.1.0'
end
