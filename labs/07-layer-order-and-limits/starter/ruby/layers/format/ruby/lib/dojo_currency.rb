# dojo_currency 1.1.0: currency names and symbols.
module DojoCurrency
  VERSION = '1.1.0'
end
