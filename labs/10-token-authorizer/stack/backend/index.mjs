// Lab 10's backend: answers every allowed request with what API Gateway told it about the
// caller (requestContext.authorizer: the principal id and the authorizer's context).
export const handler = async (event) => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({
    method: event.httpMethod,
    path: event.path,
    authorizer: event.requestContext?.authorizer ?? null,
  }),
});
