# dojo_text 1.2.0: text helpers.
module DojoText
  VERSION = '1.2.0'
end
