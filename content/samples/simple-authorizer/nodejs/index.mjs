// An HTTP API authorizer with simple responses (payload format 2.0): the request's headers
// arrive with lower-case names, and the answer is only yes or no, plus context.
const users = { 'token-ada': 'ada', 'token-grace': 'grace' };

export const handler = async (event) => {
  const token = (event.headers?.authorization ?? '').replace(/^Bearer /, '');
  const userId = users[token];
  if (!userId) return { isAuthorized: false };
  return { isAuthorized: true, context: { userId } };
};
