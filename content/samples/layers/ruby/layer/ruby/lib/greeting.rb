module Greeting
  def self.greet(name)
    "Hello, #{name}!"
  end
end
