# dojo_format 2.0.1: hotfix: currency codes in capitals, whatever the caller sends.
module DojoFormat
  VERSION = '2.0.1'

  # 1205, 'EUR' -> '12.05 EUR'.
  def self.money(cents, currency)
    format('%d.%02d %s', cents / 100, cents % 100, currency.upcase)
  end
end
