// Read once per execution environment: an environment runs one version, and a version's
// configuration never changes.
const greeting = process.env.GREETING;

/** The alias in an ARN such as arn:aws:lambda:us-east-1:123456789012:function:lab9:live, else null. */
function aliasOf(invokedFunctionArn) {
  const qualifier = invokedFunctionArn.split(':')[7];
  // No qualifier, or a version ($LATEST or a number): the caller used no alias.
  if (qualifier === undefined || qualifier === '$LATEST' || /^\d+$/.test(qualifier)) return null;
  return qualifier;
}

export const handler = async (event, context) => ({
  version: context.functionVersion,
  alias: aliasOf(context.invokedFunctionArn),
  greeting,
});
