# dojo_format 2.0.0: the team's shared formatter, published as a layer.
module DojoFormat
  VERSION = '2.0.0'

  # 1205, 'EUR' -> '12.05 EUR'.
  def self.money(cents, currency)
    format('%d.%02d %s', cents / 100, cents % 100, currency)
  end
end
