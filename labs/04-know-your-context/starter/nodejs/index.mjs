// Lab 4: know your context.
// Lambda passes a context object as the handler's second argument: facts about this
// invocation and this function that the event does not carry.

export const handler = async (event, context) => {
  // Your code here: fill these in from the context object, and log the request id in a
  // JSON line, for example {"requestId": "...", "message": "Handling a request"}.
  const requestId = null;
  const functionName = null;
  const remainingMs = null; // milliseconds left before the timeout
  const deadlineMs = null; // the moment of the timeout, in milliseconds since 1970, like Date.now()
  console.log('Handling a request');
  return { requestId, functionName, remainingMs, deadlineMs };
};
