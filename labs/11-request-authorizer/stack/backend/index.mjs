// Lab 11's backend: admits every WebSocket connection its authorizer let through, and answers
// the HTTP API with what API Gateway told it about the caller (requestContext.authorizer).
export const handler = async (event) => {
  if (event.requestContext?.eventType === 'CONNECT') return { statusCode: 200 };
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path: event.rawPath, authorizer: event.requestContext?.authorizer ?? null }),
  };
};
