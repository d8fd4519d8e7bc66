export const handler = async (event, context) => {
  const requestId = context.awsRequestId;
  const remainingMs = context.getRemainingTimeInMillis();
  const deadlineMs = Date.now() + remainingMs;
  // One JSON object per line, so a log query can filter on requestId.
  console.log(JSON.stringify({ requestId, message: 'Handling a request', remainingMs }));
  return { requestId, functionName: context.functionName, remainingMs, deadlineMs };
};
