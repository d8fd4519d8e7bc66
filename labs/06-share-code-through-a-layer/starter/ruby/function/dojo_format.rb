# dojo_format 1.4.0: a copy of the team's formatter, taken before 2.0.0.
module DojoFormat
  VERSION = '1.4.0'

  # 1205, 'EUR' -> '12.05 EUR'.
  def self.money(cents, currency)
    "#{cents / 100}.#{cents % 100} #{currency}"
  end
end
