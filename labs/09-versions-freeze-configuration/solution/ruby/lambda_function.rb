# Read once per execution environment: an environment runs one version, and a version's
# configuration never changes.
GREETING = ENV['GREETING']

# The alias in an ARN such as arn:aws:lambda:us-east-1:123456789012:function:lab9:live, else nil.
def alias_of(invoked_function_arn)
  qualifier = invoked_function_arn.split(':')[7]
  # No qualifier, or a version ($LATEST or a number): the caller used no alias.
  return nil if qualifier.nil? || qualifier == '$LATEST' || qualifier.match?(/\A\d+\z/)

  qualifier
end

def lambda_handler(event:, context:)
  { version: context.function_version, alias: alias_of(context.invoked_function_arn), greeting: GREETING }
end
