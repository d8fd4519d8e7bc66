export const handler = async (event, context) => ({
  version: context.functionVersion,
  invokedAs: context.invokedFunctionArn,
});
