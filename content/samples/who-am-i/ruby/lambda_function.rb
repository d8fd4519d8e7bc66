def lambda_handler(event:, context:)
  { version: context.function_version, invokedAs: context.invoked_function_arn }
end
